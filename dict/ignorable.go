package dict

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultIgnorable reports whether r is a default-ignorable code point:
// a character that renders as nothing (zero-width spaces and joiners,
// bidi controls, the soft hyphen, variation selectors, Hangul fillers,
// tags …). Such characters make two names that look the same differ, so
// they are refused in enterprise names.
//
// The set is Unicode's derived property Default_Ignorable_Code_Point
// (DerivedCoreProperties.txt), computed from the tables of package unicode:
//
//	Other_Default_Ignorable_Code_Point + Cf + Variation_Selector
//	  - White_Space
//	  - U+FFF9..U+FFFB (interlinear annotation characters)
//	  - U+13430..U+1343F (Egyptian hieroglyph format controls)
//	  - Prepended_Concatenation_Mark
func DefaultIgnorable(r rune) bool {
	// The smallest member is U+00AD SOFT HYPHEN; nothing below it is
	// ignorable, which keeps ASCII and Latin-1 letters on the fast path.
	if r < 0xAD {
		return false
	}
	if !unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector) {
		return false
	}
	switch {
	case r >= 0xFFF9 && r <= 0xFFFB, r >= 0x13430 && r <= 0x1343F:
		return false
	}
	return !unicode.In(r, unicode.White_Space, unicode.Prepended_Concatenation_Mark)
}

// FirstIgnorable finds the first default-ignorable character of s: its
// 1-based position in characters (runes; an invalid byte counts as one),
// the character, and whether there is one.
func FirstIgnorable(s string) (pos int, r rune, ok bool) {
	for _, c := range s {
		pos++
		if DefaultIgnorable(c) {
			return pos, c, true
		}
	}
	return 0, 0, false
}

// StripIgnorable returns s without its default-ignorable characters.
func StripIgnorable(s string) string {
	if !strings.ContainsFunc(s, DefaultIgnorable) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !DefaultIgnorable(r) {
			// Copy the bytes as they are, so that an invalid byte is kept
			// rather than turned into U+FFFD.
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
