package registry_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"namescope/index"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

type dirs struct{ store, index string }

func open(t *testing.T, d dirs) (*store.DB, *index.Names, *registry.Service, bool) {
	t.Helper()
	db, err := store.Open(d.store)
	if err != nil {
		t.Fatal(err)
	}
	idx, fresh, err := index.OpenNames(d.index)
	if err != nil {
		t.Fatal(err)
	}
	marks, _, err := index.OpenNames("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { marks.Close() })
	reg := registry.New(db, idx, marks)
	if fresh {
		if _, err := reg.Reindex(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg.ApplyOutbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, idx, reg, fresh
}

func candidates(t *testing.T, reg *registry.Service, tn string) []string {
	t.Helper()
	cs, err := reg.Candidates(context.Background(), name.CandidateQuery{Scope: "410400", TradeName: tn, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

var xinghe = registry.Input{Name: "平顶山市星河科技有限公司", Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}

func TestRestartKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	d := dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")}
	db, idx, reg, _ := open(t, d)
	e, err := reg.Put(context.Background(), "test", xinghe)
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	db.Close()

	db, idx, reg, fresh := open(t, d)
	defer db.Close()
	defer idx.Close()
	if fresh {
		t.Error("index rebuilt although it was current")
	}
	got, err := reg.Get(context.Background(), e.ID)
	if err != nil || got.Name != xinghe.Name {
		t.Fatalf("after restart: %v %v", got, err)
	}
	if c := candidates(t, reg, "星河"); len(c) != 1 {
		t.Errorf("candidates after restart: %v", c)
	}
}

// A crash between the store commit and the index update leaves an outbox
// entry; the next start applies it, so store and index agree.
func TestCrashBetweenStoreAndIndex(t *testing.T) {
	dir := t.TempDir()
	d := dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")}
	db, idx, _, _ := open(t, d)
	// Write the record and its outbox entry as Put does, then "crash"
	// before the index hears of it.
	rec := registry.Enterprise{ID: "N1", Name: "平顶山市星河科技有限公司", Normalized: "平顶山市星河科技有限公司",
		Status: "active", IndustryCode: "I65", AuthorityCode: "410400", Scope: "410400", TradeName: "星河", NameIndustry: "I65"}
	err := db.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.EnterpriseKey(rec.ID), rec); err != nil {
			return err
		}
		return tx.Enqueue("names", rec.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	db.Close()

	db, idx, reg, _ := open(t, d)
	defer db.Close()
	defer idx.Close()
	if c := candidates(t, reg, "星河"); len(c) != 1 {
		t.Fatalf("outbox not replayed: %v", c)
	}
	if p, _ := db.Pending("names", 10); len(p) != 0 {
		t.Errorf("outbox not emptied: %v", p)
	}
}

// A missing or outdated index is rebuilt from the store.
func TestIndexRebuiltFromStore(t *testing.T) {
	dir := t.TempDir()
	d := dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")}
	db, idx, reg, _ := open(t, d)
	rep, err := reg.Import(context.Background(), strings.NewReader(
		"name,status,industry_code,authority_code\n平顶山市星河科技有限公司,active,I65,410400\n平顶山市星和商贸有限公司,active,F51,410400\n"),
		registry.ImportOptions{})
	if err != nil || rep.Imported != 2 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	idx.Close()
	db.Close()
	// Another mapping version on disk: simulate by deleting the index.
	if err := os.RemoveAll(d.index); err != nil {
		t.Fatal(err)
	}
	db, idx, reg, fresh := open(t, d)
	defer db.Close()
	defer idx.Close()
	if !fresh {
		t.Error("index not reported fresh")
	}
	if n, _ := idx.Count(); n != 2 {
		t.Errorf("rebuilt index holds %d names, want 2", n)
	}
	if c := candidates(t, reg, "星河"); len(c) != 2 {
		t.Errorf("candidates %v, want both (identical and homophone)", c)
	}
}

func TestImportReportsBadRows(t *testing.T) {
	db, _ := store.Open("")
	defer db.Close()
	idx, _, _ := index.OpenNames("")
	marks, _, _ := index.OpenNames("")
	reg := registry.New(db, idx, marks)
	rep, err := reg.Import(context.Background(), strings.NewReader(
		"name,status,status_date,industry_code,authority_code\n"+
			"平顶山市星河科技有限公司,active,,I65,410400\n"+
			",active,,I65,410400\n"+
			"平顶山市蓝海商贸有限公司,cancelled,,F51,410400\n"+
			"平顶山市云帆商贸有限公司,cancelled,2025-01-01,F51,999999\n"), registry.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Rejected != 3 || len(rep.Errors) != 3 {
		t.Errorf("report %+v", rep)
	}
	if _, err := reg.Import(context.Background(), strings.NewReader("uscc,status\n"), registry.ImportOptions{}); err == nil {
		t.Error("CSV without name column accepted")
	}
}

// Rows are parsed ahead of the commits, several hundred at a time: the
// report names the rejected rows and the identical names by their lines in
// the file, in order, whatever chunk they were read in.
func TestImportReportsRowsInFileOrder(t *testing.T) {
	cases := []struct {
		name  string
		batch int
	}{
		{"default batch", 0},
		{"small batches", 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, reg := newRegistry(t)
			var b strings.Builder
			b.WriteString("name,status,industry_code,authority_code\n")
			var wantErrs []string
			for line := 2; line <= 1001; line++ {
				switch {
				case line%97 == 0:
					b.WriteString(",active,I65,410400\n") // no name
					wantErrs = append(wantErrs, fmt.Sprintf("第 %d 行：", line))
				case line == 600 || line == 900:
					b.WriteString("平顶山市星河科技有限公司,active,I65,410400\n")
				default:
					fmt.Fprintf(&b, "平顶山市星河%04d商贸有限公司,active,F51,410400\n", line)
				}
			}
			rep, err := reg.Import(context.Background(), strings.NewReader(b.String()), registry.ImportOptions{BatchSize: tc.batch})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Imported != 1000-len(wantErrs) || rep.Rejected != len(wantErrs) || len(rep.Errors) != len(wantErrs) {
				t.Fatalf("imported %d, rejected %d, %d errors; want %d, %d, %d",
					rep.Imported, rep.Rejected, len(rep.Errors), 1000-len(wantErrs), len(wantErrs), len(wantErrs))
			}
			for i, e := range rep.Errors {
				if !strings.HasPrefix(e, wantErrs[i]) {
					t.Errorf("error %d: %q, want the row %s", i, e, wantErrs[i])
				}
			}
			if rep.Identical != 1 || len(rep.IdenticalNames) != 1 || !strings.HasPrefix(rep.IdenticalNames[0], "第 900 行：") {
				t.Errorf("identical %d %q, want line 900 alone", rep.Identical, rep.IdenticalNames)
			}
		})
	}
}

func TestValidUSCC(t *testing.T) {
	for code, want := range map[string]bool{
		"91500118691235035D": true, // real codes from public records
		"91610600MA6TGY3B3L": true,
		"91500118691235035E": false,
		"9150011869123503":   false,
		"91500118691235035I": false,
	} {
		if got := registry.ValidUSCC(code); got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
}

// Observers of a rebuild chain: the one already in the context (a CLI's
// progress bar) and the one added later (the application's log) both see
// the start and the end.
func TestReindexObserversChain(t *testing.T) {
	dir := t.TempDir()
	db, idx, reg, _ := open(t, dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")})
	defer db.Close()
	defer idx.Close()
	if _, err := reg.Import(context.Background(), strings.NewReader(
		"name,status,industry_code,authority_code\n平顶山市星河科技有限公司,active,I65,410400\n平顶山市星和商贸有限公司,active,F51,410400\n"),
		registry.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var first, second [][2]int64
	ctx := registry.WithReindexObserver(context.Background(), func(done, total int64) { first = append(first, [2]int64{done, total}) })
	ctx = registry.WithReindexObserver(ctx, func(done, total int64) { second = append(second, [2]int64{done, total}) })
	if n, err := reg.Reindex(ctx); err != nil || n != 2 {
		t.Fatalf("reindex: %d %v", n, err)
	}
	want := [][2]int64{{0, 2}, {2, 2}}
	if !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) {
		t.Errorf("observed %v and %v, want %v for both", first, second, want)
	}
}
