package name_test

import (
	"context"
	"testing"

	"namescope/index"
	"namescope/name"
)

func lexiconChecker(t *testing.T) *name.Checker {
	t.Helper()
	var words []index.LexiconWord
	for _, w := range name.DisguisableWords() {
		words = append(words, index.LexiconWord{Word: w})
	}
	lex, err := index.OpenLexicon(words)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lex.Close() })
	return &name.Checker{Words: lex}
}

// A 字号 that disguises a banned word goes to staff review with the word,
// the kind of disguise and the rule; the word itself is the lexicon rule's
// (a block), and a mere resemblance elsewhere is nothing.
func TestDisguisedWords(t *testing.T) {
	c := lexiconChecker(t)
	tests := []struct {
		name, in string
		word     string // "" = no disguised-word finding
		kind     string
	}{
		{"homophone of 赌博", "平顶山市堵博网络科技有限公司", "赌博", "homophone"},
		{"another homophone of 赌博", "平顶山市睹博网络科技有限公司", "赌博", "homophone"},
		{"look-alike of 赌博", "平顶山市赔博网络科技有限公司", "赌博", "look_alike"},
		{"homophone and look-alike", "平顶山市赌搏网络科技有限公司", "赌博", "homophone,look_alike"},
		{"the word itself is the lexicon rule's", "平顶山市赌博网络科技有限公司", "", ""},
		{"ordinary name", "平顶山市星河科技有限公司", "", ""},
		{"ordinary name 2", "平顶山市青禾农业开发有限公司", "", ""},
		// A sector word disguised where it says what the enterprise is, just
		// before the form: even two characters stand out there.
		{"sector word before the form", "平顶山市腾盛鳕院有限公司", "学院", "homophone"},
		{"financial word before the form", "平顶山市睿辰信庹股份有限公司", "信托", "homophone"},
		{"a long word running into the industry", "平顶山市新卑书店信息技术有限公司", "新华书店", "look_alike"},
		{"part of a word is none", "平顶山市星河创意园有限公司", "", ""},
		{"a word of its own is none", "平顶山市星河学苑有限公司", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Check(context.Background(), name.Request{Name: tc.in, AuthorityCode: "410400"})
			if err != nil {
				t.Fatal(err)
			}
			var got *name.Finding
			for i := range res.Findings {
				if res.Findings[i].Code == "disguised_restricted_word" {
					got = &res.Findings[i]
				}
			}
			switch {
			case tc.word == "" && got != nil:
				t.Fatalf("unexpected disguise finding %+v", got)
			case tc.word != "" && got == nil:
				t.Fatalf("no disguise finding; findings %+v", res.Findings)
			case tc.word != "":
				if got.Severity != name.Approval || got.Disguise == nil || got.Disguise.Word != tc.word || got.Disguise.Kind != tc.kind || got.Rule == "" {
					t.Fatalf("finding %+v disguise %+v", got, got.Disguise)
				}
			}
		})
	}
}
