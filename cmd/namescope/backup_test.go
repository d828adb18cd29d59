package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"namescope/dict"
	"namescope/internal/app"
	"namescope/internal/testenv"
	"namescope/name"
	"namescope/store"
)

// backupName is the n-th name of the backup tests: a 字号 of two
// characters unrelated to each other and to region or industry wording,
// and a USCC.
func backupName(n int) (fullName, uscc string) {
	chars := []rune("澄霁璟翊昕棠筠砚淳芮珂蔚屹朔琛沐栩珩曦甄黛瑾琰璞翎烨骁岑笙潼")
	a, b := n/(len(chars)-1)%len(chars), n%(len(chars)-1)
	if b >= a { // never twice the same character
		b++
	}
	first17 := fmt.Sprintf("91410400MA%07d", n+1)
	return "平顶山市" + string(chars[a]) + string(chars[b]) + "科技有限公司", first17 + string(dict.USCCCheckChar(first17))
}

// lastLine is the last line of a command's output.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// checkSummary is what must not change across a backup and restore: the
// verdict and the codes of the findings.
func checkSummary(t *testing.T, c *name.Checker, full string) string {
	t.Helper()
	res, err := c.Check(context.Background(), name.Request{Name: full, AuthorityCode: "410400", IndustryCode: "I65"})
	if err != nil {
		t.Fatalf("check %s: %v", full, err)
	}
	var codes []string
	for _, f := range res.Findings {
		codes = append(codes, f.Code)
	}
	slices.Sort(codes)
	return string(res.Verdict) + " " + strings.Join(codes, ",")
}

// An online backup through the server while writers register
// enterprises: whatever was acknowledged before the backup started is in
// it; restored into a new directory (its indexes rebuilt at the first
// open), every such name is blocked as identical just as on the server;
// the incremental backup from the version the first one printed holds the
// writes after it.
func TestOnlineBackupUnderConcurrentWrites(t *testing.T) {
	env := testenv.New(t, testenv.Options{NoWellKnownMarks: true})
	base := env.Serve(t)
	registrar, admin := env.Tokens["registrar"], env.Tokens["admin"]

	t.Run("authorization", func(t *testing.T) {
		for _, tc := range []struct {
			who, token string
			status     int
		}{{"public", "", 401}, {"registrar", registrar, 403}, {"staff", env.Tokens["staff"], 403}} {
			status, out := call(t, "GET", base+"/api/v1/admin/backup", tc.token, "")
			if status != tc.status {
				t.Errorf("%s: %d %v, want %d", tc.who, status, out, tc.status)
			}
		}
		if status, out := call(t, "GET", base+"/api/v1/admin/backup?since=x", admin, ""); status != 400 {
			t.Errorf("since=x: %d %v", status, out)
		}
		_, err := runCLI(t, "backup", "--server", base, "--key", registrar, "--out", filepath.Join(t.TempDir(), "x.bak"))
		if err == nil || !strings.Contains(err.Error(), "403") {
			t.Errorf("backup with a registrar key: %v", err)
		}
	})

	// after: the write was sent once the full backup was over.
	type write struct {
		name, uscc string
		after      bool
	}
	var backupDone atomic.Bool
	var (
		mu      sync.Mutex
		acked   []write
		failed  []string
		serial  int
		stop    = make(chan struct{})
		writers sync.WaitGroup
	)
	post := func() bool {
		mu.Lock()
		n := serial
		serial++
		mu.Unlock()
		full, uscc := backupName(n)
		after := backupDone.Load()
		body := fmt.Sprintf(`{"name":%q,"uscc":%q,"status":"active","industry_code":"I65","authority_code":"410400"}`, full, uscc)
		req, _ := http.NewRequest("POST", base+"/api/v1/enterprises", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+registrar)
		resp, err := client.Do(req)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed = append(failed, err.Error())
			return false
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			failed = append(failed, full+": "+resp.Status)
			return false
		}
		acked = append(acked, write{full, uscc, after})
		return true
	}
	for range 4 {
		writers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if !post() {
					return
				}
			}
		})
	}
	ackedNow := func() []write {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(acked)
	}
	waitAcked := func(n int, after bool) {
		deadline := time.Now().Add(time.Minute)
		count := func() int {
			c := 0
			for _, w := range ackedNow() {
				if w.after || !after {
					c++
				}
			}
			return c
		}
		for count() < n {
			if time.Now().After(deadline) {
				t.Fatalf("only %d writes acknowledged in a minute (failures: %v)", len(ackedNow()), failed)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitAcked(40, false)

	dir := t.TempDir()
	full, incr := filepath.Join(dir, "full.bak"), filepath.Join(dir, "incr.bak")
	before := ackedNow() // acknowledged before the backup started
	out, err := runCLI(t, "backup", "--server", base, "--key", admin, "--out", full)
	if err != nil {
		t.Fatalf("online backup: %v", err)
	}
	since, err := strconv.ParseUint(lastLine(out), 10, 64)
	if err != nil || since == 0 {
		t.Fatalf("the backup does not end with the version: %q", out)
	}
	backupDone.Store(true)
	duringOrBefore := len(ackedNow())
	waitAcked(20, true) // writes after the backup
	close(stop)
	writers.Wait()
	if len(failed) > 0 {
		t.Fatalf("writes failed: %v", failed)
	}
	all := ackedNow()
	t.Logf("%d writes acknowledged before the backup, %d when it was over, %d in all", len(before), duringOrBefore, len(all))

	out, err = runCLI(t, "backup", "--server", base, "--key", admin, "--out", incr, "--since", strconv.FormatUint(since, 10))
	if err != nil {
		t.Fatalf("incremental backup: %v", err)
	}
	if next, err := strconv.ParseUint(lastLine(out), 10, 64); err != nil || next <= since {
		t.Fatalf("incremental backup: version %q after %d", lastLine(out), since)
	}

	t.Run("the full backup holds what was acknowledged before it", func(t *testing.T) {
		restored := filepath.Join(t.TempDir(), "restored")
		if out, err := runCLI(t, "restore", full, "--data", restored); err != nil {
			t.Fatalf("restore: %v %s", err, out)
		}
		a, err := app.Open(context.Background(), app.Options{DataDir: restored, NoWellKnownMarks: true}, quiet)
		if err != nil {
			t.Fatalf("open the restored directory: %v", err)
		}
		defer a.Close()
		if n, _ := a.Names.Count(); n < uint64(len(before)) {
			t.Errorf("the rebuilt index holds %d names, want at least %d", n, len(before))
		}
		for _, w := range before {
			if _, err := a.Registry.Get(context.Background(), w.uscc); err != nil {
				t.Errorf("%s %s acknowledged before the backup, not restored: %v", w.name, w.uscc, err)
				continue
			}
			// The original has the later writes too: similar names may
			// differ, the verdict and the identical name may not.
			got, want := checkSummary(t, a.Checker, w.name), checkSummary(t, env.App.Checker, w.name)
			if !strings.HasPrefix(got, "block ") || !strings.Contains(got, "identical_name") ||
				!strings.HasPrefix(want, "block ") || !strings.Contains(want, "identical_name") {
				t.Errorf("check %s: restored %q, original %q", w.name, got, want)
			}
		}
	})

	t.Run("the incremental backup holds the later writes", func(t *testing.T) {
		// Alone, it holds the writes sent after the full backup was over …
		alone := filepath.Join(t.TempDir(), "incr-only")
		if out, err := runCLI(t, "restore", incr, "--data", alone); err != nil {
			t.Fatalf("restore: %v %s", err, out)
		}
		db, err := store.Open(filepath.Join(alone, "store"))
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		err = db.View(func(tx *store.Tx) error {
			for _, w := range all {
				if !w.after {
					continue // committed before, during or after the snapshot
				}
				var raw json.RawMessage
				if err := tx.Get(store.EnterpriseKey(w.uscc), &raw); err != nil {
					missing = append(missing, w.uscc+": "+err.Error())
				}
			}
			// … and not those before it started.
			var raw json.RawMessage
			if err := tx.Get(store.EnterpriseKey(before[0].uscc), &raw); err == nil {
				missing = append(missing, "the incremental backup holds the first write: it is a full one")
			}
			return nil
		})
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if err != nil || len(missing) > 0 {
			t.Fatalf("incremental backup: %v %v", err, missing)
		}

		// The full backup and then the incremental one restore every write.
		restored := filepath.Join(t.TempDir(), "restored")
		if out, err := runCLI(t, "restore", full, incr, "--data", restored); err != nil {
			t.Fatalf("restore: %v %s", err, out)
		}
		a, err := app.Open(context.Background(), app.Options{DataDir: restored, NoWellKnownMarks: true}, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if n, _ := a.Names.Count(); n != uint64(len(all)) {
			t.Errorf("the rebuilt index holds %d names, want %d", n, len(all))
		}
		for _, w := range all {
			// Both hold the same names now: the same answer.
			got, want := checkSummary(t, a.Checker, w.name), checkSummary(t, env.App.Checker, w.name)
			if got != want || !strings.HasPrefix(got, "block ") || !strings.Contains(got, "identical_name") {
				t.Errorf("check %s after full + incremental: restored %q, original %q", w.name, got, want)
			}
		}
	})
}

// The round trip with the server stopped: backup --data, restore into a
// new directory, the same checks; restore refuses a directory that is not
// empty.
func TestBackupRestoreCLI(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	csvPath := filepath.Join(t.TempDir(), "names.csv")
	if err := os.WriteFile(csvPath, []byte("name,uscc,status,status_date,industry_code\n"+
		"平顶山市星河科技有限公司,91500118691235035D,active,,I65\n"+
		"平顶山市蓝海商贸有限公司,,cancelled,2026-06-01,F51\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "import", csvPath, "--data", data, "--authority", "410400"); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	bak := filepath.Join(t.TempDir(), "ns.bak")
	out, err := runCLI(t, "backup", "--data", data, "--out", bak)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if _, err := strconv.ParseUint(lastLine(out), 10, 64); err != nil {
		t.Fatalf("backup: no version on the last line: %q", out)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if out, err := runCLI(t, "restore", bak, "--data", restored); err != nil || !strings.Contains(out, "rebuilt at the first start") {
		t.Fatalf("restore: %v %s", err, out)
	}
	for _, dir := range []string{data, restored} {
		out, err := runCLI(t, "check", "叶县星河网络科技有限公司", "--data", dir, "--json")
		var res struct {
			Verdict string `json:"verdict"`
		}
		if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.Verdict != "block" {
			t.Errorf("check on %s: %v %s", dir, err, out)
		}
	}
	out, err = runCLI(t, "reindex", "--data", restored)
	if err != nil || !strings.Contains(out, "reindexed 2 names") {
		t.Errorf("reindex of the restored directory: %v %s", err, out)
	}

	// A directory that is not empty is refused, and left as it was.
	_, err = runCLI(t, "restore", bak, "--data", restored)
	if err == nil || !strings.Contains(err.Error(), "不是空目录") || !strings.Contains(err.Error(), "new, empty data directory") {
		t.Errorf("restore into a used directory: %v", err)
	}
	if out, err := runCLI(t, "check", "平顶山市星河科技有限公司", "--data", restored, "--json"); err != nil || !strings.Contains(out, `"verdict": "block"`) && !strings.Contains(out, `"verdict":"block"`) {
		t.Errorf("the refused directory changed: %v %s", err, out)
	}
	// A backup of a directory without a store is refused, not an empty file.
	if _, err := runCLI(t, "backup", "--data", filepath.Join(t.TempDir(), "none"), "--out", filepath.Join(t.TempDir(), "x.bak")); err == nil || !strings.Contains(err.Error(), "没有存储") {
		t.Errorf("backup of a missing directory: %v", err)
	}
	// A file that is not a backup fails, and leaves no directory behind.
	bad := filepath.Join(t.TempDir(), "bad.bak")
	if err := os.WriteFile(bad, []byte("not a backup at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "target")
	if _, err := runCLI(t, "restore", bad, "--data", target); err == nil {
		t.Error("restore of a file that is not a backup succeeded")
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("a failed restore left %s: %v", target, err)
	}
}
