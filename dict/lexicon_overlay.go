package dict

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// The run-time overlay: lexicon words staff add while the service runs
// (package lexicon keeps them in the store). MatchLexicon and
// LexiconEntries read it with the embedded rows; it is replaced whole, so
// that a check reads one consistent overlay without a lock.

// OverlaySource is the Source of an overlay entry.
const OverlaySource = "runtime"

// Limits of an overlay entry.
const (
	MaxLexiconWord = 20  // characters of a word
	MaxLexiconRule = 200 // characters of a citation
)

// lexiconOverlay is one installed overlay.
type lexiconOverlay struct {
	byHead  map[rune][]LexiconEntry
	byWord  map[string]LexiconEntry
	version string
}

var overlay atomic.Pointer[lexiconOverlay]

// LexiconFieldError is an overlay entry refused: Field names the field
// (word, category, severity, where, rule), Message says why, in Chinese.
type LexiconFieldError struct {
	Field   string
	Message string
}

func (e *LexiconFieldError) Error() string { return e.Message }

func fieldError(field, format string, args ...any) error {
	return &LexiconFieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

var categoryPattern = regexp.MustCompile(`^[a-z][a-z_]{0,39}$`)

// embeddedCategories are the categories of the embedded rows.
var embeddedCategories = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var out []string
	for _, es := range loadLexicon() {
		for _, e := range es {
			if !seen[e.Category] {
				seen[e.Category] = true
				out = append(out, e.Category)
			}
		}
	}
	sort.Strings(out)
	return out
})

// LexiconCategories lists the categories of the embedded lexicon, the only
// ones an overlay entry may have (each has its finding code and message).
func LexiconCategories() []string { return append([]string(nil), embeddedCategories()...) }

// EmbeddedLexiconWord reports whether word (normalized) is a row of the
// embedded lexicon.
func EmbeddedLexiconWord(word string) bool {
	rs := []rune(word)
	if len(rs) == 0 {
		return false
	}
	for _, e := range loadLexicon()[rs[0]] {
		if e.Word == word {
			return true
		}
	}
	return false
}

// ValidateLexiconEntry checks an overlay entry as the embedded rows are
// checked (category, severity block or approval, where, a citation), with
// a normalized word of at least two 汉字, and returns it normalized with
// Source OverlaySource. A refusal is a *LexiconFieldError.
func ValidateLexiconEntry(e LexiconEntry) (LexiconEntry, error) {
	word := strings.TrimSpace(e.Word)
	if word == "" {
		return e, fieldError("word", "word 不能为空：应为要禁用或限用的字词，如“赌坊”")
	}
	if !utf8.ValidString(word) {
		return e, fieldError("word", "word 不是有效的 UTF-8 文本")
	}
	word = Normalize(word)
	n := utf8.RuneCountInString(word)
	if n < 2 {
		return e, fieldError("word", "word 至少应有 2 个汉字（单字过于常见，不能作为禁限用字词）")
	}
	if n > MaxLexiconWord {
		return e, fieldError("word", "word 过长：最多 %d 个汉字（现有 %d 个）", MaxLexiconWord, n)
	}
	for i, r := range []rune(word) {
		if !unicode.Is(unicode.Han, r) {
			return e, fieldError("word", "word 第 %d 个字符“%c”不是汉字：企业名称只使用规范汉字，禁限用字词也只能由汉字组成", i+1, r)
		}
	}
	e.Word = word
	e.Category = strings.TrimSpace(e.Category)
	if e.Category == "" {
		return e, fieldError("category", "category 不能为空：应为词库类别之一，如 gambling、financial")
	}
	known := embeddedCategories()
	if i := sort.SearchStrings(known, e.Category); !categoryPattern.MatchString(e.Category) || i == len(known) || known[i] != e.Category {
		return e, fieldError("category", "category 无效：应为词库类别之一（%s）", strings.Join(known, "、"))
	}
	e.Severity = strings.TrimSpace(e.Severity)
	if e.Severity != "block" && e.Severity != "approval" {
		return e, fieldError("severity", "severity 应为 block（禁止使用）或 approval（须经审查或批准）")
	}
	e.Where = strings.TrimSpace(e.Where)
	switch e.Where {
	case Anywhere, InTradeName, TradeNameEqual, InIndustry:
	default:
		return e, fieldError("where", "where 应为 anywhere（名称任何位置）、trade_name（字号中）、trade_name_equal（字号恰为该词）或 industry（行业表述位置）")
	}
	e.Rule = strings.TrimSpace(e.Rule)
	if e.Rule == "" {
		return e, fieldError("rule", "rule 不能为空：应为法律依据，如《企业名称登记管理规定》第十一条第（七）项")
	}
	if !utf8.ValidString(e.Rule) {
		return e, fieldError("rule", "rule 不是有效的 UTF-8 文本")
	}
	if n := utf8.RuneCountInString(e.Rule); n > MaxLexiconRule {
		return e, fieldError("rule", "rule 过长：最多 %d 个字符（现有 %d 个）", MaxLexiconRule, n)
	}
	for _, r := range e.Rule {
		if unicode.IsControl(r) {
			return e, fieldError("rule", "rule 含有控制字符（U+%04X），请删除后重新输入", r)
		}
	}
	if pos, r, ok := FirstIgnorable(e.Rule); ok {
		return e, fieldError("rule", "rule 第 %d 个字符（U+%04X）是不可见的格式字符，请删除后重新输入", pos, r)
	}
	e.Except = nil
	e.Source = OverlaySource
	return e, nil
}

// SetLexiconOverlay validates entries and installs them as the run-time
// overlay in place of the previous one; a word of the embedded lexicon or
// repeated keeps its first row. It returns the overlay's version: "" for
// an empty overlay, else 8 hex digits of a SHA-256 of the entries in word
// order, so that the same words with the same rows give the same version
// after a restart. Nothing is installed when an entry is invalid.
func SetLexiconOverlay(entries []LexiconEntry) (string, error) {
	o := &lexiconOverlay{byHead: map[rune][]LexiconEntry{}, byWord: map[string]LexiconEntry{}}
	var kept []LexiconEntry
	for _, e := range entries {
		v, err := ValidateLexiconEntry(e)
		if err != nil {
			return "", fmt.Errorf("lexicon overlay word %q: %w", e.Word, err)
		}
		if EmbeddedLexiconWord(v.Word) {
			continue
		}
		if _, dup := o.byWord[v.Word]; dup {
			continue
		}
		o.byWord[v.Word] = v
		kept = append(kept, v)
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Word < kept[j].Word })
	if len(kept) > 0 {
		h := sha256.New()
		for _, e := range kept {
			fmt.Fprintf(h, "%s\t%s\t%s\t%s\t%s\n", e.Word, e.Category, e.Severity, e.Where, e.Rule)
		}
		o.version = hex.EncodeToString(h.Sum(nil))[:8]
	}
	for _, e := range kept {
		head := []rune(e.Word)[0]
		o.byHead[head] = append(o.byHead[head], e)
	}
	overlay.Store(o)
	return o.version, nil
}

// LexiconOverlayVersion is the version of the installed overlay ("" when
// it is empty).
func LexiconOverlayVersion() string {
	if o := overlay.Load(); o != nil {
		return o.version
	}
	return ""
}

// LexiconOverlay returns the entries of the installed overlay, by word.
func LexiconOverlay() []LexiconEntry {
	o := overlay.Load()
	if o == nil {
		return nil
	}
	out := make([]LexiconEntry, 0, len(o.byWord))
	for _, e := range o.byWord {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Word < out[j].Word })
	return out
}

// OverlayEntry returns the overlay's entry of word.
func OverlayEntry(word string) (LexiconEntry, bool) {
	if o := overlay.Load(); o != nil {
		e, ok := o.byWord[word]
		return e, ok
	}
	return LexiconEntry{}, false
}

// at returns the overlay's entries that start with head, nil when there
// is no overlay.
func (o *lexiconOverlay) at(head rune) []LexiconEntry {
	if o == nil {
		return nil
	}
	return o.byHead[head]
}

// headEntries are the embedded rows and the overlay's entries starting
// with head (the embedded slice itself when the overlay has none).
func headEntries(lex map[rune][]LexiconEntry, o *lexiconOverlay, head rune) []LexiconEntry {
	extra := o.at(head)
	if len(extra) == 0 {
		return lex[head]
	}
	return append(append(make([]LexiconEntry, 0, len(lex[head])+len(extra)), lex[head]...), extra...)
}
