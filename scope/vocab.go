package scope

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"namescope/dict"
)

//go:embed data/vocabulary.tsv
var vocabularyTSV string

// vocabRow is one colloquial phrase with what the catalogue calls it.
type vocabRow struct {
	phrase  string
	targets []string // empty for filler words
	weight  float64  // 1 specific, <1 generic verb, 0 filler
}

// vocabulary maps colloquial phrases to catalogue terms.
type vocabulary struct {
	rows     map[string]*vocabRow
	maxRunes int
	units    map[string][]textUnits // of every target, for the ranking
}

var (
	vocabOnce sync.Once
	vocab     *vocabulary
	vocabErr  error
)

func defaultVocabulary() *vocabulary {
	vocabOnce.Do(func() { vocab, vocabErr = parseVocabulary(vocabularyTSV) })
	if vocabErr != nil {
		// Embedded and tested data; failing here means a broken build.
		panic("scope: embedded vocabulary: " + vocabErr.Error())
	}
	return vocab
}

func parseVocabulary(text string) (*vocabulary, error) {
	v := &vocabulary{rows: map[string]*vocabRow{}, units: map[string][]textUnits{}}
	header := true
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: want colloquial<TAB>targets[<TAB>weight]", n+1)
		}
		row := &vocabRow{phrase: dict.Normalize(f[0]), weight: 1}
		if row.phrase == "" {
			return nil, fmt.Errorf("line %d: empty phrase", n+1)
		}
		if len(f) > 2 && strings.TrimSpace(f[2]) != "" {
			w, err := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
			if err != nil || w < 0 || w > 1 {
				return nil, fmt.Errorf("line %d: weight %q not in [0, 1]", n+1, f[2])
			}
			row.weight = w
		}
		if t := strings.TrimSpace(f[1]); t != "-" && t != "" {
			for _, target := range strings.Split(t, "|") {
				if target = normText(target); target != "" {
					row.targets = append(row.targets, target)
				}
			}
		}
		for _, t := range row.targets {
			if _, ok := v.units[t]; !ok {
				for _, r := range textRuns(t) {
					v.units[t] = append(v.units[t], unitsOf(r))
				}
			}
		}
		if row.weight > 0 && len(row.targets) == 0 {
			return nil, fmt.Errorf("line %d: %q has a weight but no targets", n+1, f[0])
		}
		if _, dup := v.rows[row.phrase]; dup {
			return nil, fmt.Errorf("line %d: %q listed twice", n+1, f[0])
		}
		v.rows[row.phrase] = row
		if n := utf8.RuneCountInString(row.phrase); n > v.maxRunes {
			v.maxRunes = n
		}
	}
	return v, nil
}

// vocabMatch is a vocabulary phrase found in a query at bytes [start, end).
type vocabMatch struct {
	row        *vocabRow
	start, end int
}

// match finds vocabulary phrases in text on word boundaries: at each word,
// the longest run of consecutive words that is a vocabulary phrase. bounds
// are the byte offsets where words start and end (from the segmenter), so a
// phrase never matches across the middle of a word.
func (v *vocabulary) match(text string, words [][2]int) []vocabMatch {
	var out []vocabMatch
	for i := 0; i < len(words); {
		best := -1
		for j := i; j < len(words); j++ {
			s := text[words[i][0]:words[j][1]]
			if utf8.RuneCountInString(s) > v.maxRunes {
				break
			}
			if _, ok := v.rows[s]; ok {
				best = j
			}
		}
		if best < 0 {
			i++
			continue
		}
		s := text[words[i][0]:words[best][1]]
		out = append(out, vocabMatch{row: v.rows[s], start: words[i][0], end: words[best][1]})
		i = best + 1
	}
	return out
}
