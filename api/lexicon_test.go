package api_test

import (
	"net/url"
	"strings"
	"testing"

	"namescope/dict"
	"namescope/internal/testenv"
	"namescope/name"
)

// lexiconWord is a word staff add: a gambling platform's name.
func lexiconWord() map[string]any {
	return map[string]any{
		"word": "黑金盘", "category": "gambling", "severity": "block", "where": "anywhere",
		"rule": "《企业名称登记管理规定》第十一条第（七）项", "note": "近期出现的网络赌博平台名称",
	}
}

// findingOf returns the finding with code in a check answer.
func findingOf(out map[string]any, code string) map[string]any {
	fs, _ := out["findings"].([]any)
	for _, f := range fs {
		if m, _ := f.(map[string]any); m["code"] == code {
			return m
		}
	}
	return nil
}

// Not parallel: the run-time lexicon is the process's (dict's overlay),
// and parallel tests compare rules_version with name.RulesVersion().
func TestRuntimeLexiconOverHTTP(t *testing.T) {
	te := testenv.New(t, testenv.Options{NoWellKnownMarks: true})
	t.Cleanup(func() { _, _ = dict.SetLexiconOverlay(nil) })
	admin, staff := te.Tokens["admin"], te.Tokens["staff"]
	check := func(n string) map[string]any {
		t.Helper()
		status, out, raw := testenv.Send(t, te.HTTP, "POST", "/api/v1/names/check", "", map[string]any{"name": n, "authority_code": "410400"})
		if status != 200 {
			t.Fatalf("check %s: %d %s", n, status, raw)
		}
		return out
	}
	before := check("平顶山市黑金盘科技有限公司")
	code := name.LexiconCode("gambling")
	if findingOf(before, code) != nil {
		t.Fatalf("黑金盘 found before it is added: %v", before["findings"])
	}

	// Who may do what.
	if status, out, _ := testenv.Send(t, te.HTTP, "POST", "/api/v1/lexicon/entries", staff, lexiconWord()); status != 403 {
		t.Errorf("staff adds: %d %v, want 403", status, out)
	}
	if status, out, _ := testenv.Send(t, te.HTTP, "GET", "/api/v1/lexicon/entries", "", nil); status != 401 {
		t.Errorf("public lists: %d %v, want 401", status, out)
	}
	if status, out, _ := testenv.Send(t, te.HTTP, "DELETE", "/api/v1/lexicon/entries/"+url.PathEscape("黑金盘"), staff, nil); status != 403 {
		t.Errorf("staff removes: %d %v, want 403", status, out)
	}

	// Bad input names the field, in Chinese.
	for field, bad := range map[string]any{
		"word": "赌", "category": "casino", "severity": "warn", "where": "suffix", "rule": "",
	} {
		body := lexiconWord()
		body[field] = bad
		status, out, _ := testenv.Send(t, te.HTTP, "POST", "/api/v1/lexicon/entries", admin, body)
		c, msg := errorOf(t, out)
		if status != 400 || c != "invalid" || !strings.Contains(msg, field) {
			t.Errorf("bad %s: %d %s %q", field, status, c, msg)
		}
	}

	status, out, raw := testenv.Send(t, te.HTTP, "POST", "/api/v1/lexicon/entries", admin, lexiconWord())
	if status != 201 || out["word"] != "黑金盘" || out["source"] != "runtime" || !strings.HasPrefix(str(out, "added_by"), "admin:") {
		t.Fatalf("admin adds: %d %s", status, raw)
	}
	if status, out, _ := testenv.Send(t, te.HTTP, "POST", "/api/v1/lexicon/entries", admin, lexiconWord()); status != 409 {
		t.Errorf("added twice: %d %v, want 409", status, out)
	}

	effective := func(when string) string {
		t.Helper()
		after := check("平顶山市黑金盘科技有限公司")
		f := findingOf(after, code)
		if f == nil || f["severity"] != "block" || f["rule"] != lexiconWord()["rule"] || after["verdict"] != "block" {
			t.Fatalf("%s: verdict %v, findings %v", when, after["verdict"], after["findings"])
		}
		if after["rules_version"] == before["rules_version"] || after["rules_version"] != name.RulesVersion() {
			t.Errorf("%s: rules_version %v (before %v)", when, after["rules_version"], before["rules_version"])
		}
		d := findingOf(check("平顶山市嘿金盘科技有限公司"), "disguised_restricted_word")
		if d == nil || d["rule"] != lexiconWord()["rule"] || !strings.Contains(str(d, "message"), "黑金盘") {
			t.Errorf("%s: the disguise 嘿金盘 is not found: %v", when, d)
		}
		return str(after, "rules_version")
	}
	v1 := effective("after the add")

	status, out, raw = testenv.Send(t, te.HTTP, "GET", "/api/v1/lexicon/entries", staff, nil)
	if entries, _ := out["entries"].([]any); status != 200 || len(entries) != 1 {
		t.Fatalf("staff lists: %d %s", status, raw)
	}
	status, out, raw = testenv.Send(t, te.HTTP, "GET", "/api/v1/lexicon/entries?source=all", staff, nil)
	if entries, _ := out["entries"].([]any); status != 200 || len(entries) < 1000 || out["source"] != "all" {
		t.Fatalf("staff lists all: %d %.300s", status, raw)
	}
	if status, out, _ := testenv.Send(t, te.HTTP, "GET", "/api/v1/lexicon/entries?source=embedded", staff, nil); status != 400 {
		t.Errorf("source=embedded: %d %v, want 400", status, out)
	}

	// A restart: the word is read back from the store.
	_, _ = dict.SetLexiconOverlay(nil)
	te.Restart(t)
	if v := effective("after a restart"); v != v1 {
		t.Errorf("rules_version %s after a restart, %s before", v, v1)
	}

	if status, out, _ := testenv.Send(t, te.HTTP, "DELETE", "/api/v1/lexicon/entries/"+url.PathEscape("赌博"), admin, nil); status != 409 {
		t.Errorf("remove an embedded word: %d %v, want 409", status, out)
	}
	if status, out, _ := testenv.Send(t, te.HTTP, "DELETE", "/api/v1/lexicon/entries/"+url.PathEscape("白金盘"), admin, nil); status != 404 {
		t.Errorf("remove an unknown word: %d %v, want 404", status, out)
	}
	status, out, raw = testenv.Send(t, te.HTTP, "DELETE", "/api/v1/lexicon/entries/"+url.PathEscape("黑金盘"), admin, nil)
	if status != 200 || out["word"] != "黑金盘" {
		t.Fatalf("admin removes: %d %s", status, raw)
	}
	after := check("平顶山市黑金盘科技有限公司")
	if findingOf(after, code) != nil || after["rules_version"] != before["rules_version"] {
		t.Errorf("after the removal: rules_version %v, findings %v", after["rules_version"], after["findings"])
	}
	if d := findingOf(check("平顶山市嘿金盘科技有限公司"), "disguised_restricted_word"); d != nil {
		t.Errorf("after the removal the disguise is still found: %v", d)
	}
	hist, err := te.App.Store.History("lexicon/黑金盘", 10)
	if err != nil || len(hist) != 2 {
		t.Errorf("audit of the word: %d entries, %v", len(hist), err)
	}
}
