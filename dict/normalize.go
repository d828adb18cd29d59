package dict

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

var (
	t2sOnce sync.Once
	t2s     *opencc.OpenCC
)

func converter() *opencc.OpenCC {
	t2sOnce.Do(func() {
		cc, err := opencc.New("t2s")
		if err != nil {
			// The conversion tables are embedded in the opencc module; failure
			// here means a broken build, not bad input.
			panic("dict: opencc t2s: " + err.Error())
		}
		t2s = cc
	})
	return t2s
}

// FoldWidth folds full-width ASCII to half width (NFKC), unifies every kind
// of bracket to the full-width pair （）and removes all white space. It keeps
// traditional characters, so its output can still be inspected for them.
// It is idempotent: FoldWidth(FoldWidth(s)) == FoldWidth(s).
func FoldWidth(s string) string {
	if !utf8.ValidString(s) {
		// Every invalid byte becomes U+FFFD first: NFKC leaves the text
		// right after an invalid byte unnormalized, and a second pass
		// would then fold it (ϱ after \xf3 became ρ only then).
		s = string([]rune(s))
	}
	// Dropping a space or upper-casing a letter can put a letter next to a
	// combining mark that NFKC composes with it (A˚ is NFKC "A \u030a",
	// which without the space composes to Å): fold again until stable.
	for range 8 {
		var again bool
		s, again = foldOnce(norm.NFKC.String(s))
		if !again {
			break
		}
	}
	return s
}

// foldOnce does one pass of FoldWidth over NFKC text; again reports that it
// removed a space or changed a letter's case, after which NFKC may compose
// differently.
func foldOnce(s string) (out string, again bool) {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			again = true
			continue
		case r == '(' || r == '[' || r == '{' || r == '【' || r == '〔' || r == '［' || r == '｛' || r == '〖':
			b.WriteRune('（')
		case r == ')' || r == ']' || r == '}' || r == '】' || r == '〕' || r == '］' || r == '｝' || r == '〗':
			b.WriteRune('）')
		case r >= 'a' && r <= 'z':
			again = true
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), again
}

// simplifiedCache memoizes the conversion of single characters.
var simplifiedCache sync.Map // rune → string

// ToSimplified converts traditional characters to simplified ones,
// character by character. Characters of the 通用规范汉字表 are kept as
// they are (OpenCC would turn 乾 into 干 even where 乾 is the standard
// character a 字号 uses), which also keeps the common case fast.
func ToSimplified(s string) string {
	fast := true
	for _, r := range s {
		if r >= 0x3400 && !IsStandardChar(r) {
			fast = false
			break
		}
	}
	if fast {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x3400 || IsStandardChar(r) {
			b.WriteRune(r)
			continue
		}
		if v, ok := simplifiedCache.Load(r); ok {
			b.WriteString(v.(string))
			continue
		}
		out, err := converter().Convert(string(r))
		if err != nil || out == "" {
			out = string(r)
		}
		simplifiedCache.Store(r, out)
		b.WriteString(out)
	}
	return b.String()
}

// Normalize is the one form in which names are compared: width folded,
// brackets unified, spaces removed, traditional converted to simplified.
func Normalize(s string) string {
	return ToSimplified(FoldWidth(s))
}

// TraditionalRunes reports the rune positions of s (already width folded) that
// hold traditional characters: characters that OpenCC converts and that are
// not themselves in the 通用规范汉字表 (so 乾, 著 and the like are not flagged).
func TraditionalRunes(s string) []int {
	var at []int
	for i, r := range []rune(s) {
		if r < 0x3400 || IsStandardChar(r) {
			continue
		}
		if ToSimplified(string(r)) != string(r) {
			at = append(at, i)
		}
	}
	return at
}
