package name_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/name"
)

// runeSlice returns the runes [s0, s1) of n as a string.
func runeSlice(n string, s name.Span) string { return string([]rune(n)[s[0]:s[1]]) }

// isSubsequence reports whether the runes of sub appear in s in order.
func isSubsequence(sub, s string) bool {
	rs := []rune(s)
	i := 0
	for _, r := range sub {
		for i < len(rs) && rs[i] != r {
			i++
		}
		if i == len(rs) {
			return false
		}
		i++
	}
	return true
}

// FuzzParse checks name.Parse on any input against what parse.go promises:
// it never panics; Normalized is dict.Normalize of the input, and parsing
// the normalized name gives the same parts; every span lies within the
// normalized name, and the region, 字号, organisational form and （中国）
// spans hold exactly their text. The parts come out of the normalized name
// in order, only bracketed groups and 集团 being taken out between them, so
// region (when at the head) + 字号 + industry + form is a subsequence of the
// normalized name; a branch is exactly its parent + qualifier + form. The
// seed corpus is testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("平顶山市星河科技有限公司")
	f.Fuzz(func(t *testing.T, raw string) {
		p := name.Parse(raw)
		n := p.Normalized
		if want := dict.Normalize(raw); n != want {
			t.Fatalf("Parse(%q).Normalized = %q, want dict.Normalize %q", raw, n, want)
		}
		if again := name.Parse(n); !reflect.DeepEqual(again, p) {
			t.Errorf("Parse(%q) and Parse of its normalized form %q differ:\n%+v\n%+v", raw, n, p, again)
		}
		size := utf8.RuneCountInString(n)
		for _, s := range []struct {
			what string
			span name.Span
			text string // "" when the span need not hold a text
		}{
			{"region", p.RegionSpan, p.Region},
			{"trade name", p.TradeNameSpan, p.TradeName},
			{"industry", p.IndustrySpan, ""},
			{"org form", p.OrgFormSpan, p.OrgForm},
			{"（中国）", p.ChinaMarker, "（中国）"},
		} {
			if s.span[0] < 0 || s.span[0] > s.span[1] || s.span[1] > size {
				t.Fatalf("Parse(%q): %s span %v outside [0,%d] of %q", raw, s.what, s.span, size, n)
			}
			if !s.span.Empty() && s.text != "" {
				if got := runeSlice(n, s.span); got != s.text {
					t.Errorf("Parse(%q): %s span %v holds %q, want %q", raw, s.what, s.span, got, s.text)
				}
			}
		}
		var terms strings.Builder
		for _, term := range p.IndustryTerms {
			terms.WriteString(term.Term)
		}
		if terms.String() != p.Industry {
			t.Errorf("Parse(%q): industry %q is not its terms %+v", raw, p.Industry, p.IndustryTerms)
		}
		head := p.TradeName + p.Industry
		if p.RegionPos == name.RegionBefore {
			head = p.Region + head
		}
		whole := n
		if p.IsBranch() {
			if got := p.Parent + p.BranchQualifier + p.OrgForm; got != n {
				t.Errorf("Parse(%q): branch parent %q + qualifier %q + form %q != %q", raw, p.Parent, p.BranchQualifier, p.OrgForm, n)
			}
			whole = p.Parent // the parts are the parent's
		} else {
			head += p.OrgForm
		}
		if !isSubsequence(head, whole) {
			t.Errorf("Parse(%q): parts %q (region %q, 字号 %q, industry %q, form %q) are not in order in %q",
				raw, head, p.Region, p.TradeName, p.Industry, p.OrgForm, whole)
		}
	})
}

// FuzzCheck runs the whole check on any request, without a registry and
// with the small registry of the concrete cases: it never panics, never
// fails with anything but an apperr error of the client's making (the
// registry here cannot fail), and every finding's span lies within the
// normalized name. The seed corpus is testdata/fuzz/FuzzCheck.
func FuzzCheck(f *testing.F) {
	f.Add("平顶山市星和科技有限公司", "410400", "I65", "limited_company", "", false)
	checkers := []*name.Checker{
		{Now: func() time.Time { return today }},
		{Registry: scanRegistry(fixture()), Now: func() time.Time { return today }},
	}
	f.Fuzz(func(t *testing.T, nm, authority, industry, entType, investor string, foreign bool) {
		req := name.Request{Name: nm, AuthorityCode: authority, IndustryCode: industry, EntType: entType, ForeignInvested: foreign}
		if investor != "" {
			req.Investors = []string{investor}
		}
		for i, c := range checkers {
			res, err := c.Check(context.Background(), req)
			if err != nil {
				var ae *apperr.Error
				if !errors.As(err, &ae) || ae.Code == apperr.CodeInternal {
					t.Fatalf("checker %d: Check(%+v) failed with a non-apperr or internal error: %v", i, req, err)
				}
				continue
			}
			size := utf8.RuneCountInString(res.Normalized)
			for _, fd := range res.Findings {
				if fd.Span[0] < 0 || fd.Span[0] > fd.Span[1] || fd.Span[1] > size {
					t.Errorf("checker %d: Check(%q): finding %s has span %v outside [0,%d] of %q", i, nm, fd.Code, fd.Span, size, res.Normalized)
				}
			}
			switch res.Verdict {
			case name.Block, name.Approval, name.Warn, name.Pass:
			default:
				t.Errorf("checker %d: Check(%q): verdict %q", i, nm, res.Verdict)
			}
		}
	})
}
