package dict

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed data/lexicon.tsv
var lexiconText string

// Where a lexicon word is forbidden or restricted.
const (
	Anywhere       = "anywhere"         // anywhere in the name
	InTradeName    = "trade_name"       // when the 字号 contains it
	TradeNameEqual = "trade_name_equal" // when the 字号 is exactly it
	// InIndustry: when the word says what the enterprise is — it ends the
	// name's body, the text before the organisational form, 集团 and a
	// bracketed region after the form (…口腔诊所有限公司, …培训学校有限公司,
	// …幼儿园), or only 连锁 follows it. Followed by other words it names the
	// owner or the place of an enterprise of another trade (曲阜市实验小学
	// 服装加工厂, 工业大学五塑实业, 中学友农业生态): no school, hospital or
	// bank is declared (Reg 734 Art 8, 15; GUIDE.md §5.9, §5.16).
	InIndustry = "industry"
)

// LexiconEntry is one banned or restricted word with its legal basis.
type LexiconEntry struct {
	Word     string
	Category string // party_state_organ, military, foreign_country …, financial, medical …
	Severity string // block, approval or warn (a condition the check cannot see)
	Where    string
	Rule     string   // citation, in Chinese
	Except   []string // longer words in which the word is innocent
	Source   string   // provenance: the text the row was authored from, with its confidence tag
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
			if len(f) > 6 {
				e.Source = f[6]
			}
			switch e.Where {
			case Anywhere, InTradeName, TradeNameEqual, InIndustry:
			default:
				panic(fmt.Sprintf("dict: lexicon.tsv line %d: unknown where %q", i+1, e.Where))
			}
			if e.Severity != "block" && e.Severity != "approval" && e.Severity != "warn" {
				panic(fmt.Sprintf("dict: lexicon.tsv line %d: unknown severity %q", i+1, e.Severity))
			}
			if e.Category == "" || e.Rule == "" {
				panic(fmt.Sprintf("dict: lexicon.tsv line %d: no category or rule", i+1))
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

// LexiconEntries returns every entry of the lexicon, the run-time overlay
// included, by category and word.
func LexiconEntries() []LexiconEntry {
	var out []LexiconEntry
	for _, es := range loadLexicon() {
		out = append(out, es...)
	}
	out = append(out, LexiconOverlay()...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Word < out[j].Word
	})
	return out
}

// LexiconMatch is an occurrence of a lexicon word in a text.
type LexiconMatch struct {
	Entry      LexiconEntry
	Start, End int // rune offsets in the text searched
}

// MatchLexicon finds the lexicon words, the run-time overlay's included,
// in text (normalized). Words that the
// entry restricts to the 字号 are matched only inside [tnStart, tnEnd); words
// restricted to the industry position only where they say what the
// enterprise is (InIndustry); a match inside one of the entry's exception
// words is skipped, and so is a match lying inside a longer lexicon word
// found in the text (人民医院 is one word, not also 医院).
func MatchLexicon(text string, tnStart, tnEnd int) []LexiconMatch {
	lex, ov := loadLexicon(), overlay.Load()
	rs := []rune(text)
	bodyEnd := -1
	var out []LexiconMatch
	for i, r := range rs {
		for _, e := range headEntries(lex, ov, r) {
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
			case InIndustry:
				if bodyEnd < 0 {
					bodyEnd = nameBodyEnd(text)
				}
				if end < bodyEnd && !endsBody(string(rs[end:bodyEnd])) {
					continue
				}
			}
			if insideException(rs, i, end, e.Except) {
				continue
			}
			out = append(out, LexiconMatch{Entry: e, Start: i, End: end})
		}
	}
	return dropContained(out)
}

// dropContained removes the matches that lie inside a longer match.
func dropContained(ms []LexiconMatch) []LexiconMatch {
	out := ms[:0:0]
	for i, m := range ms {
		inside := false
		for j, o := range ms {
			if j != i && o.Start <= m.Start && m.End <= o.End && o.End-o.Start > m.End-m.Start {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, m)
		}
	}
	return out
}

// nameBodyEnd is the rune offset where the name's body ends: before a
// bracketed region after the form, the organisational form and 集团. A text
// without a known form is all body.
func nameBodyEnd(text string) int {
	rest, _, ok := TrimOrgForm(text)
	if !ok && strings.HasSuffix(text, "）") {
		if open := strings.LastIndex(text, "（"); open > 0 {
			rest, _, ok = TrimOrgForm(text[:open])
		}
	}
	if !ok {
		return len([]rune(text))
	}
	for _, g := range []string{"（集团）", "集团"} {
		if strings.HasSuffix(rest, g) {
			rest = strings.TrimSuffix(rest, g)
			break
		}
	}
	return len([]rune(rest))
}

// endsBody reports whether what follows a word up to the name's form,
// bracketed groups aside, leaves the word naming the enterprise: nothing,
// or 连锁 (a chain of such institutions).
func endsBody(rest string) bool {
	for {
		open := strings.Index(rest, "（")
		if open < 0 {
			break
		}
		closing := strings.Index(rest[open:], "）")
		if closing < 0 {
			break
		}
		rest = rest[:open] + rest[open+closing+len("）"):]
	}
	return rest == "" || rest == "连锁"
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

// otherMeaning are region names that are also ordinary words (Reg 734
// Art 8: a county-level-or-higher division's name may not be the 字号
// "另有含义的除外"). Only the short form counts: 朝阳 (the rising sun, 朝阳市),
// 东方 (the East, 东方市); written with its suffix (朝阳市) the word is the
// division's name. The words are the examples of GUIDE.md §3.2 (c), §3.5,
// §5.10 and short names whose ordinary meaning is as common.
var otherMeaning = map[string]bool{
	"东方": true, "朝阳": true, "长城": true, "中原": true, "安宁": true, "永安": true,
	"太平": true, "和平": true, "新华": true, "红旗": true, "解放": true, "长安": true,
	"安康": true, "泰安": true, "大同": true, "黄山": true, "龙井": true, "普洱": true,
	"白云": true, "青山": true, "金山": true, "吉利": true, "开元": true, "凭祥": true,
}

// HasOtherMeaning reports whether a region name used as the 字号 has another
// meaning (Reg 734 Art 8), so that it is no region there.
func HasOtherMeaning(word string) bool { return otherMeaning[word] }
