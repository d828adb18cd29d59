package dict

import (
	"errors"
	"regexp"
	"testing"
)

func overlayRow(word string) LexiconEntry {
	return LexiconEntry{Word: word, Category: "gambling", Severity: "approval", Where: InTradeName, Rule: "《企业名称登记管理规定》第十一条第（七）项"}
}

// Not parallel: the overlay is the process's.
func TestLexiconOverlay(t *testing.T) {
	t.Cleanup(func() { _, _ = SetLexiconOverlay(nil) })
	embedded := len(LexiconEntries())
	const name = "平顶山市黑金盘科技有限公司"
	if ms := MatchLexicon(name, 4, 7); len(ms) != 0 {
		t.Fatalf("matches before the overlay: %+v", ms)
	}
	v, err := SetLexiconOverlay([]LexiconEntry{overlayRow("黑金盤"), overlayRow("赌博"), overlayRow("黑金盘")})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(v) || LexiconOverlayVersion() != v {
		t.Errorf("version %q (installed %q)", v, LexiconOverlayVersion())
	}
	// 黑金盤 is normalized; 赌博 is embedded and keeps its row; the repeat is dropped.
	if got := LexiconOverlay(); len(got) != 1 || got[0].Word != "黑金盘" || got[0].Source != OverlaySource {
		t.Fatalf("overlay %+v", got)
	}
	if n := len(LexiconEntries()); n != embedded+1 {
		t.Errorf("LexiconEntries: %d, want %d", n, embedded+1)
	}
	ms := MatchLexicon(name, 4, 7)
	if len(ms) != 1 || ms[0].Entry.Word != "黑金盘" || ms[0].Start != 4 || ms[0].End != 7 || ms[0].Entry.Severity != "approval" {
		t.Errorf("matches %+v", ms)
	}
	if ms := MatchLexicon(name, 0, 0); len(ms) != 0 {
		t.Errorf("a trade_name word matched outside the 字号: %+v", ms)
	}
	for _, e := range LexiconEntries() {
		if e.Word == "赌博" && e.Source == OverlaySource {
			t.Errorf("the embedded 赌博 was replaced by the overlay's row")
		}
	}
	// The same words give the same version; other words another.
	if v2, _ := SetLexiconOverlay([]LexiconEntry{overlayRow("黑金盘")}); v2 != v {
		t.Errorf("same overlay: version %q then %q", v, v2)
	}
	if v3, _ := SetLexiconOverlay([]LexiconEntry{overlayRow("黑金盘"), overlayRow("白金盘")}); v3 == v {
		t.Errorf("another overlay kept version %q", v)
	}
	// An invalid entry installs nothing.
	bad := overlayRow("黑金盘")
	bad.Severity = "warn"
	if _, err := SetLexiconOverlay([]LexiconEntry{bad}); err == nil || len(LexiconOverlay()) != 2 {
		t.Errorf("invalid entry: %v, overlay %d words", err, len(LexiconOverlay()))
	}
	if v, _ := SetLexiconOverlay(nil); v != "" || LexiconOverlayVersion() != "" || len(LexiconEntries()) != embedded {
		t.Errorf("empty overlay: version %q, %d entries", v, len(LexiconEntries()))
	}
}

func TestValidateLexiconEntry(t *testing.T) {
	for _, tc := range []struct {
		field string
		edit  func(*LexiconEntry)
	}{
		{"word", func(e *LexiconEntry) { e.Word = "" }},
		{"word", func(e *LexiconEntry) { e.Word = "赌" }},
		{"word", func(e *LexiconEntry) { e.Word = "赌１" }},
		{"word", func(e *LexiconEntry) { e.Word = "一二三四五六七八九十一二三四五六七八九十一" }},
		{"category", func(e *LexiconEntry) { e.Category = "" }},
		{"category", func(e *LexiconEntry) { e.Category = "Gambling" }},
		{"severity", func(e *LexiconEntry) { e.Severity = "block " + "x" }},
		{"where", func(e *LexiconEntry) { e.Where = "" }},
		{"rule", func(e *LexiconEntry) { e.Rule = " " }},
		{"rule", func(e *LexiconEntry) { e.Rule = "第十一条\u200b" }},
	} {
		e := overlayRow("黑金盘")
		tc.edit(&e)
		_, err := ValidateLexiconEntry(e)
		var fe *LexiconFieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: %v, want a refusal of %s", e, err, tc.field)
		}
	}
	e, err := ValidateLexiconEntry(LexiconEntry{Word: " 黑金盘 ", Category: " gambling", Severity: "block", Where: Anywhere, Rule: "第十一条", Except: []string{"x"}})
	if err != nil || e.Word != "黑金盘" || e.Category != "gambling" || e.Except != nil || e.Source != OverlaySource {
		t.Errorf("valid entry: %+v, %v", e, err)
	}
}
