package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"namescope/index"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, &out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return out.String(), err
}

func TestCLIStory(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	csvPath := filepath.Join(t.TempDir(), "names.csv")
	err := os.WriteFile(csvPath, []byte("name,uscc,status,status_date,industry_code\n"+
		"平顶山市星河科技有限公司,91500118691235035D,active,,I65\n"+
		"平顶山市蓝海商贸有限公司,,cancelled,2026-06-01,F51\n"+
		"坏行,,active,,ZZ\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "import", csvPath, "--data", data, "--authority", "410400")
	if err != nil || !strings.Contains(out, "imported 2, rejected 1") {
		t.Fatalf("import: %v %s", err, out)
	}
	out, err = runCLI(t, "check", "叶县星河网络科技有限公司", "--data", data, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Verdict != "block" {
		t.Fatalf("check --json: %v %s", err, out)
	}
	out, err = runCLI(t, "check", "平顶山市星和科技有限公司", "--data", data)
	if err != nil || !strings.Contains(out, "结论：提示风险") || !strings.Contains(out, "近似：平顶山市星河科技有限公司") {
		t.Fatalf("check: %v %s", err, out)
	}

	// keys create prints the token alone on its last line.
	out, err = runCLI(t, "keys", "create", "--role", "registrar", "--holder", "王五", "--data", data, "--label", "登记系统")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if !strings.HasPrefix(token, "ns_") || strings.Contains(token, " ") {
		t.Fatalf("last line is not a token: %q", token)
	}
	if _, err := runCLI(t, "keys", "create", "--role", "root", "--data", data); err == nil {
		t.Error("unknown role accepted")
	}
	out, err = runCLI(t, "keys", "list", "--data", data)
	if err != nil || !strings.Contains(out, "registrar") || strings.Contains(out, token) {
		t.Fatalf("keys list: %v %s", err, out)
	}

	// reindex rebuilds the index from the store.
	out, err = runCLI(t, "reindex", "--data", data)
	if err != nil || !strings.Contains(out, "reindexed 2 names") {
		t.Fatalf("reindex: %v %s", err, out)
	}
}

// An index of another mapping version is rebuilt from the store on open.
func TestIndexVersionChangeRebuilds(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	csvPath := filepath.Join(t.TempDir(), "names.csv")
	os.WriteFile(csvPath, []byte("name,industry_code\n平顶山市星河科技有限公司,I65\n"), 0o644)
	if _, err := runCLI(t, "import", csvPath, "--data", data, "--authority", "410400"); err != nil {
		t.Fatal(err)
	}
	// Mark the index as written by an older mapping.
	dir := filepath.Join(data, "index", "names")
	idx, fresh, err := index.OpenNames(dir)
	if err != nil || fresh {
		t.Fatalf("open: %v fresh=%v", err, fresh)
	}
	if err := idx.SetVersionForTest(index.NamesVersion - 1); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	out, err := runCLI(t, "check", "平顶山市星河科技有限公司", "--data", data)
	if err != nil || !strings.Contains(out, "不予通过") {
		t.Fatalf("after version change: %v %s", err, out)
	}
}

func TestCLIErrors(t *testing.T) {
	for _, args := range [][]string{
		{"nonsense"},
		{"check"},
		{"check", "平顶山市星河科技有限公司", "--authority", "999999", "--data", ""},
		{"import", "/nonexistent.csv", "--data", ""},
		{"keys", "revoke", "nope", "--data", ""},
	} {
		if _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if out, err := runCLI(t); err != nil || !strings.Contains(out, "usage:") {
		t.Errorf("usage: %v %s", err, out)
	}
}

func TestCLIScope(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	out, err := runCLI(t, "scope", "compose", "XI0001", "XL0001", "--data", data)
	want := "一般项目：软件开发；信息咨询服务（不含许可类信息咨询服务）（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）\n"
	if err != nil || out != want {
		t.Fatalf("scope compose: %v %q", err, out)
	}
	out, err = runCLI(t, "scope", "search", "卖烟", "--data", data)
	if err != nil || !strings.Contains(out, "烟草制品零售") {
		t.Fatalf("scope search: %v %s", err, out)
	}
	csvPath := filepath.Join(t.TempDir(), "cat.csv")
	os.WriteFile(csvPath, []byte("code,wording,kind,industries\nT001,星际旅行服务,general,7291\n"), 0o644)
	if _, err := runCLI(t, "scope", "import", csvPath, "--data", data); err != nil {
		t.Fatal(err)
	}
	// The imported catalogue replaces the default, across a restart.
	out, err = runCLI(t, "scope", "search", "软件开发", "--data", data)
	if err != nil || strings.Contains(out, "XI0001") {
		t.Errorf("default catalogue still searched after import: %v %s", err, out)
	}
	out, _ = runCLI(t, "scope", "search", "星际旅行", "--data", data)
	if !strings.Contains(out, "T001") {
		t.Errorf("imported entry not found: %s", out)
	}
}
