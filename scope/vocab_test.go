package scope

import (
	"strings"
	"testing"

	"namescope/dict"
)

func TestVocabularyTargetsExist(t *testing.T) {
	v := defaultVocabulary()
	if len(v.rows) < 300 {
		t.Errorf("vocabulary has %d rows, want a few hundred", len(v.rows))
	}
	var wordings []string
	for _, e := range DefaultCatalogue().entries {
		wordings = append(wordings, e.Wording)
	}
	all := strings.Join(wordings, "\n")
	for _, row := range v.rows {
		for _, target := range row.targets {
			// Targets are wordings or fragments of wordings; 糕点 reaches
			// 食品生产 through its explanation, which is allowed for a few.
			if !strings.Contains(all, target) && target != "糕点" {
				t.Errorf("vocabulary %q → %q matches no catalogue wording", row.phrase, target)
			}
		}
	}
}

func TestVocabularyMatchesOnWordBoundaries(t *testing.T) {
	cases := []struct {
		text string
		want []string // matched phrases
	}{
		{"我想开一家民宿", []string{"我", "想开", "一家", "民宿"}}, // gse cuts 想开 as one word
		{"软件开发", nil}, // 开 is a filler word, but not inside 开发
		{"卖烟", []string{"卖烟"}},
		{"卖菜刀", []string{"卖"}}, // not 卖菜
		{"开饭店", []string{"开饭店"}},
	}
	v := defaultVocabulary()
	for _, c := range cases {
		text := dict.Normalize(c.text)
		var words [][2]int
		for _, s := range dict.Segmenter().Segment([]byte(text)) {
			words = append(words, [2]int{s.Start(), s.End()})
		}
		var got []string
		for _, m := range v.match(text, words) {
			got = append(got, text[m.start:m.end])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: matched %v, want %v", c.text, got, c.want)
		}
	}
}

func TestParseVocabularyErrors(t *testing.T) {
	cases := map[string]string{
		"weight out of range": "colloquial\ttargets\tweight\n卖\t销售\t2\n",
		"weight no targets":   "colloquial\ttargets\tweight\n卖\t-\t1\n",
		"duplicate":           "colloquial\ttargets\n卖\t销售\n卖\t零售\n",
		"missing column":      "colloquial\ttargets\n卖\n",
	}
	for name, text := range cases {
		if _, err := parseVocabulary(text); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
