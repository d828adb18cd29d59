package dict

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed data/lexicon.tsv
var lexiconText string

// Where a lexicon word is forbidden.
const (
	Anywhere       = "anywhere"         // anywhere in the name
	InTradeName    = "trade_name"       // when the 字号 contains it
	TradeNameEqual = "trade_name_equal" // when the 字号 is exactly it
)

// LexiconEntry is one banned or restricted word with its legal basis.
type LexiconEntry struct {
	Word     string
	Category string // party_state_organ, military, foreign_country …
	Severity string // block or approval
	Where    string
	Rule     string   // citation, in Chinese
	Except   []string // longer words in which the word is innocent
}

var (
	lexiconOnce sync.Once
	lexicon     map[rune][]LexiconEntry // by first character
)

func loadLexicon() map[rune][]LexiconEntry {
	lexiconOnce.Do(func() {
		lexicon = map[rune][]LexiconEntry{}
		seen := map[string]bool{}
		for i, line := range strings.Split(lexiconText, "\n") {
			f := strings.Split(strings.TrimRight(line, "\r"), "\t")
			if i == 0 || len(f) < 5 || f[0] == "" || strings.HasPrefix(f[0], "#") {
				continue
			}
			e := LexiconEntry{Word: Normalize(f[0]), Category: f[1], Severity: f[2], Where: f[3], Rule: f[4]}
			if len(f) > 5 && f[5] != "" {
				for _, x := range strings.Split(f[5], ",") {
					if x = strings.TrimSpace(x); x != "" {
						e.Except = append(e.Except, Normalize(x))
					}
				}
			}
			switch e.Where {
			case Anywhere, InTradeName, TradeNameEqual:
			default:
				panic(fmt.Sprintf("dict: lexicon.tsv line %d: unknown where %q", i+1, e.Where))
			}
			if e.Severity != "block" && e.Severity != "approval" {
				panic(fmt.Sprintf("dict: lexicon.tsv line %d: unknown severity %q", i+1, e.Severity))
			}
			if seen[e.Word] {
				continue
			}
			seen[e.Word] = true
			head := []rune(e.Word)[0]
			lexicon[head] = append(lexicon[head], e)
		}
	})
	return lexicon
}

// LexiconMatch is an occurrence of a lexicon word in a text.
type LexiconMatch struct {
	Entry      LexiconEntry
	Start, End int // rune offsets in the text searched
}

// MatchLexicon finds the lexicon words in text (normalized). Words that the
// entry restricts to the 字号 are matched only inside [tnStart, tnEnd); a
// match inside one of the entry's exception words is skipped.
func MatchLexicon(text string, tnStart, tnEnd int) []LexiconMatch {
	lex := loadLexicon()
	rs := []rune(text)
	var out []LexiconMatch
	for i, r := range rs {
		for _, e := range lex[r] {
			w := []rune(e.Word)
			end := i + len(w)
			if end > len(rs) || string(rs[i:end]) != e.Word {
				continue
			}
			switch e.Where {
			case InTradeName:
				if i < tnStart || end > tnEnd {
					continue
				}
			case TradeNameEqual:
				if i != tnStart || end != tnEnd {
					continue
				}
			}
			if insideException(rs, i, end, e.Except) {
				continue
			}
			out = append(out, LexiconMatch{Entry: e, Start: i, End: end})
		}
	}
	return out
}

// insideException reports whether rs[start:end] lies inside an occurrence of
// one of the exception words.
func insideException(rs []rune, start, end int, except []string) bool {
	for _, x := range except {
		xr := []rune(x)
		for s := end - len(xr); s <= start; s++ {
			if s < 0 || s+len(xr) > len(rs) {
				continue
			}
			if string(rs[s:s+len(xr)]) == x {
				return true
			}
		}
	}
	return false
}
