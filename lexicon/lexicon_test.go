package lexicon_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/dict"
	"namescope/index"
	"namescope/lexicon"
	"namescope/name"
	"namescope/store"
)

var today = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// open is the service on a real badger store in t.TempDir() and a
// disguised-word index of the embedded words; the overlay is emptied when
// the test ends (it is the process's).
func open(t *testing.T, dir string) (*store.DB, *index.Lexicon, *lexicon.Service) {
	t.Helper()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var words []index.LexiconWord
	for _, w := range name.DisguisableWords() {
		words = append(words, index.LexiconWord{Word: w})
	}
	idx, err := index.OpenLexicon(words)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		idx.Close()
		db.Close()
		if _, err := dict.SetLexiconOverlay(nil); err != nil {
			t.Error(err)
		}
	})
	svc := lexicon.New(db, idx)
	svc.SetClock(func() time.Time { return today })
	if err := svc.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, idx, svc
}

func heijinpan() lexicon.Input {
	return lexicon.Input{
		Word: "黑金盘", Category: "gambling", Severity: "block", Where: dict.Anywhere,
		Rule: "《企业名称登记管理规定》第十一条第（七）项", Note: "近期出现的网络赌博平台名称",
	}
}

func check(t *testing.T, c *name.Checker, n string) *name.Result {
	t.Helper()
	res, err := c.Check(context.Background(), name.Request{Name: n, AuthorityCode: "410400"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func finding(res *name.Result, code string) *name.Finding {
	for i := range res.Findings {
		if res.Findings[i].Code == code {
			return &res.Findings[i]
		}
	}
	return nil
}

func TestAddRemoveEffectiveAndAudited(t *testing.T) {
	dir := t.TempDir()
	db, idx, svc := open(t, dir)
	ctx := context.Background()
	c := &name.Checker{Words: idx}
	base := name.RulesVersion()
	if res := check(t, c, "平顶山市黑金盘科技有限公司"); finding(res, name.LexiconCode("gambling")) != nil {
		t.Fatalf("黑金盘 found before it is added: %+v", res.Findings)
	}

	e, err := svc.Add(ctx, "admin:1", heijinpan())
	if err != nil {
		t.Fatal(err)
	}
	if e.Word != "黑金盘" || e.Source != lexicon.SourceRuntime || e.AddedBy != "admin:1" || !e.AddedAt.Equal(today) {
		t.Errorf("added %+v", e)
	}
	res := check(t, c, "平顶山市黑金盘科技有限公司")
	f := finding(res, name.LexiconCode("gambling"))
	if f == nil || f.Severity != name.Block || f.Rule != heijinpan().Rule || res.Verdict != name.Block {
		t.Fatalf("after Add: verdict %s, findings %+v", res.Verdict, res.Findings)
	}
	v1 := name.RulesVersion()
	if v1 == base || !strings.HasPrefix(v1, base+"-o") || res.RulesVersion != v1 {
		t.Errorf("rules version %q after Add (before %q, answer %q)", v1, base, res.RulesVersion)
	}
	// A disguise: 黑 written as its homophone 嘿.
	res = check(t, c, "平顶山市嘿金盘科技有限公司")
	if f := finding(res, "disguised_restricted_word"); f == nil || f.Disguise == nil || f.Disguise.Word != "黑金盘" || f.Rule != heijinpan().Rule {
		t.Errorf("disguise 嘿金盘 not found: %+v", res.Findings)
	}

	list, err := svc.List(ctx, "")
	if err != nil || len(list) != 1 || list[0].Word != "黑金盘" || list[0].Note != heijinpan().Note {
		t.Fatalf("List runtime = %+v, %v", list, err)
	}
	all, err := svc.List(ctx, "all")
	if err != nil || len(all) != len(dict.LexiconEntries()) || all[len(all)-1].Source != lexicon.SourceRuntime {
		t.Fatalf("List all: %d entries (lexicon %d), %v", len(all), len(dict.LexiconEntries()), err)
	}

	// A restart: a new service on the same store installs the word again.
	if _, err := dict.SetLexiconOverlay(nil); err != nil {
		t.Fatal(err)
	}
	if name.RulesVersion() != base {
		t.Fatalf("empty overlay: version %q, want %q", name.RulesVersion(), base)
	}
	idx2, err := index.OpenLexicon(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx2.Close()
	if err := lexicon.New(db, idx2).Load(ctx); err != nil {
		t.Fatal(err)
	}
	if name.RulesVersion() != v1 {
		t.Errorf("after Load: version %q, want %q (the same words)", name.RulesVersion(), v1)
	}
	if res := check(t, &name.Checker{Words: idx2}, "平顶山市嘿金盘科技有限公司"); finding(res, "disguised_restricted_word") == nil {
		t.Errorf("after Load the index lacks the word: %+v", res.Findings)
	}

	removed, err := svc.Remove(ctx, "admin:2", "黑金盘")
	if err != nil || removed.Word != "黑金盘" {
		t.Fatalf("Remove = %+v, %v", removed, err)
	}
	if name.RulesVersion() != base {
		t.Errorf("after Remove: version %q, want %q", name.RulesVersion(), base)
	}
	res = check(t, c, "平顶山市嘿金盘科技有限公司")
	if finding(res, "disguised_restricted_word") != nil || finding(check(t, c, "平顶山市黑金盘科技有限公司"), name.LexiconCode("gambling")) != nil {
		t.Errorf("after Remove the word is still found: %+v", res.Findings)
	}
	if _, err := svc.Remove(ctx, "admin:2", "黑金盘"); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Errorf("second Remove: %v, want not found", err)
	}

	hist, err := db.History("lexicon/黑金盘", 10)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history: %d entries, %v", len(hist), err)
	}
	var actions []string
	for _, raw := range hist {
		var a store.AuditEntry
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, a.Actor+" "+a.Action)
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "admin:1 add_lexicon_word") || !strings.Contains(got, "admin:2 remove_lexicon_word") {
		t.Errorf("audit: %s", got)
	}
}

func TestAddRefuses(t *testing.T) {
	_, _, svc := open(t, t.TempDir())
	ctx := context.Background()
	with := func(f func(*lexicon.Input)) lexicon.Input { in := heijinpan(); f(&in); return in }
	for _, tc := range []struct {
		what  string
		in    lexicon.Input
		code  apperr.Code
		field string
	}{
		{"no word", with(func(in *lexicon.Input) { in.Word = " " }), apperr.CodeInvalid, "word"},
		{"one character", with(func(in *lexicon.Input) { in.Word = "赌" }), apperr.CodeInvalid, "word"},
		{"letters", with(func(in *lexicon.Input) { in.Word = "赌ab" }), apperr.CodeInvalid, "word"},
		{"unknown category", with(func(in *lexicon.Input) { in.Category = "casino" }), apperr.CodeInvalid, "category"},
		{"no category", with(func(in *lexicon.Input) { in.Category = "" }), apperr.CodeInvalid, "category"},
		{"severity warn", with(func(in *lexicon.Input) { in.Severity = "warn" }), apperr.CodeInvalid, "severity"},
		{"unknown where", with(func(in *lexicon.Input) { in.Where = "suffix" }), apperr.CodeInvalid, "where"},
		{"no rule", with(func(in *lexicon.Input) { in.Rule = "" }), apperr.CodeInvalid, "rule"},
		{"control in note", with(func(in *lexicon.Input) { in.Note = "a\x00b" }), apperr.CodeInvalid, "note"},
		{"embedded word", with(func(in *lexicon.Input) { in.Word = "赌博" }), apperr.CodeConflict, "word"},
	} {
		_, err := svc.Add(ctx, "admin:1", tc.in)
		if apperr.CodeOf(err) != tc.code || !strings.HasPrefix(apperr.MessageOf(err), tc.field) {
			t.Errorf("%s: %v (code %s), want %s naming %s", tc.what, err, apperr.CodeOf(err), tc.code, tc.field)
		}
	}
	// Full-width and traditional input is stored normalized.
	e, err := svc.Add(ctx, "admin:1", with(func(in *lexicon.Input) { in.Word = " 黑金盤 " }))
	if err != nil || e.Word != "黑金盘" {
		t.Fatalf("normalized add = %+v, %v", e, err)
	}
	if _, err := svc.Add(ctx, "admin:1", heijinpan()); apperr.CodeOf(err) != apperr.CodeConflict {
		t.Errorf("second add: %v, want conflict", err)
	}
	if _, err := svc.Remove(ctx, "admin:1", "赌博"); apperr.CodeOf(err) != apperr.CodeConflict {
		t.Errorf("remove an embedded word: %v, want conflict", err)
	}
	if _, err := svc.List(ctx, "embedded"); apperr.CodeOf(err) != apperr.CodeInvalid {
		t.Errorf("List(embedded): %v, want invalid", err)
	}
}

// Concurrent adds all end up in the overlay: each change installs what
// the store holds after it.
func TestConcurrentAdds(t *testing.T) {
	_, _, svc := open(t, t.TempDir())
	words := []string{"黑金盘", "赌石坊", "金沙盘", "银河盘", "乐透坊", "豪赌庄"}
	var wg sync.WaitGroup
	errs := make(chan error, len(words))
	for _, w := range words {
		wg.Go(func() {
			in := heijinpan()
			in.Word = w
			if _, err := svc.Add(context.Background(), "admin:1", in); err != nil {
				errs <- errors.New(w + ": " + err.Error())
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(dict.LexiconOverlay()); got != len(words) {
		t.Errorf("overlay holds %d words, want %d", got, len(words))
	}
	for _, w := range words {
		if ms := dict.MatchLexicon("平顶山市"+w+"科技有限公司", 4, 7); len(ms) == 0 || ms[0].Entry.Word != w {
			t.Errorf("%s not matched: %+v", w, ms)
		}
	}
}
