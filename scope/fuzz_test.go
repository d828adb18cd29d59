package scope

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
)

// FuzzScopeNormalize maps any legacy scope text to catalogue entries with
// the default catalogue. It never panics; text that is empty or longer than
// maxLegacyRunes is refused as invalid and anything else is mapped without
// error. Every phrase SplitLegacy cuts has 2–40 characters, no separator,
// space or boilerplate and is cut once; the result lists exactly those
// phrases in order, at most maxProposals proposals each, each one a
// catalogue entry with its own wording, and Unmapped lists the phrases
// without a proposal. The seed corpus is testdata/fuzz/FuzzScopeNormalize.
func FuzzScopeNormalize(f *testing.F) {
	f.Add("卖烟；五金交电、建筑材料销售；房屋租赁")
	s := defaultSearcher(f)
	f.Fuzz(func(t *testing.T, text string) {
		phrases := SplitLegacy(text)
		seen := map[string]bool{}
		for _, ph := range phrases {
			if n := utf8.RuneCountInString(ph); n < minPhraseRunes || n > maxPhraseRunes {
				t.Errorf("SplitLegacy(%q): phrase %q has %d characters", text, ph, n)
			}
			if strings.ContainsAny(ph, "；;。，,") || strings.ContainsFunc(ph, unicode.IsSpace) {
				t.Errorf("SplitLegacy(%q): phrase %q holds a separator or space", text, ph)
			}
			if isBoilerplate(ph) {
				t.Errorf("SplitLegacy(%q): phrase %q is boilerplate", text, ph)
			}
			if seen[ph] {
				t.Errorf("SplitLegacy(%q): phrase %q cut twice", text, ph)
			}
			seen[ph] = true
		}

		res, err := s.Normalize(context.Background(), text)
		refuse := strings.TrimSpace(text) == "" || utf8.RuneCountInString(text) > maxLegacyRunes
		if err != nil {
			var ae *apperr.Error
			if !refuse || !errors.As(err, &ae) || ae.Code != apperr.CodeInvalid {
				t.Fatalf("Normalize(%q): %v", text, err)
			}
			return
		}
		if refuse {
			t.Fatalf("Normalize(%q) accepted empty or too long text", text)
		}
		var got, unmapped []string
		for _, p := range res.Phrases {
			got = append(got, p.Phrase)
			if len(p.Proposals) == 0 {
				unmapped = append(unmapped, p.Phrase)
			}
			if len(p.Proposals) > maxProposals {
				t.Errorf("Normalize(%q): %d proposals for %q", text, len(p.Proposals), p.Phrase)
			}
			for _, pr := range p.Proposals {
				e, ok := s.Catalogue().Entry(pr.Code)
				if !ok || e.Wording != pr.Wording || e.Kind != pr.Kind {
					t.Errorf("Normalize(%q): proposal %+v for %q is not a catalogue entry", text, pr, p.Phrase)
				}
			}
		}
		if !slices.Equal(got, phrases) {
			t.Errorf("Normalize(%q) phrases %q, want SplitLegacy's %q", text, got, phrases)
		}
		if !slices.Equal(unmapped, res.Unmapped) {
			t.Errorf("Normalize(%q) unmapped %q, want the phrases without proposal %q", text, res.Unmapped, unmapped)
		}
	})
}
