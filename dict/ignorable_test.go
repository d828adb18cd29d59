package dict

import (
	"testing"
	"unicode"
)

func TestDefaultIgnorable(t *testing.T) {
	cases := []struct {
		r    rune
		want bool
		what string
	}{
		{0x00AD, true, "soft hyphen"},
		{0x034F, true, "combining grapheme joiner"},
		{0x061C, true, "Arabic letter mark"},
		{0x115F, true, "Hangul choseong filler"},
		{0x1160, true, "Hangul jungseong filler"},
		{0x17B4, true, "Khmer vowel inherent aq"},
		{0x180B, true, "Mongolian free variation selector one"},
		{0x180E, true, "Mongolian vowel separator"},
		{0x180F, true, "Mongolian free variation selector four"},
		{0x200B, true, "zero width space"},
		{0x200C, true, "zero width non-joiner"},
		{0x200D, true, "zero width joiner"},
		{0x200E, true, "left-to-right mark"},
		{0x200F, true, "right-to-left mark"},
		{0x202A, true, "left-to-right embedding"},
		{0x202E, true, "right-to-left override"},
		{0x2060, true, "word joiner"},
		{0x2065, true, "reserved default-ignorable"},
		{0x2066, true, "left-to-right isolate"},
		{0x206F, true, "nominal digit shapes"},
		{0x3164, true, "Hangul filler"},
		{0xFE00, true, "variation selector 1"},
		{0xFE0F, true, "variation selector 16"},
		{0xFEFF, true, "zero width no-break space (BOM)"},
		{0xFFA0, true, "halfwidth Hangul filler"},
		{0xFFF0, true, "reserved specials"},
		{0x1BCA0, true, "shorthand format letter overlap"},
		{0x1D173, true, "musical symbol begin beam"},
		{0xE0000, true, "reserved tag"},
		{0xE0001, true, "language tag"},
		{0xE0041, true, "tag latin capital letter a"},
		{0xE007F, true, "cancel tag"},
		{0xE0100, true, "variation selector 17"},
		{0xE01EF, true, "variation selector 256"},
		{0xE0FFF, true, "last reserved tag-block code point"},

		{'A', false, "letter"},
		{'中', false, "Han"},
		{' ', false, "space"},
		{0x3000, false, "ideographic space"},
		{0x00A0, false, "no-break space"},
		{0x0009, false, "tab (control, refused separately)"},
		{0x0085, false, "next line (control)"},
		{0x2028, false, "line separator"},
		{0x0600, false, "Arabic number sign (prepended concatenation mark)"},
		{0x0605, false, "Arabic number mark above"},
		{0x06DD, false, "Arabic end of ayah"},
		{0x070F, false, "Syriac abbreviation mark"},
		{0x0890, false, "Arabic pound mark above"},
		{0x0891, false, "Arabic piastre mark above"},
		{0x08E2, false, "Arabic disputed end of ayah"},
		{0x110BD, false, "Kaithi number sign"},
		{0x110CD, false, "Kaithi number sign above"},
		{0xFFF9, false, "interlinear annotation anchor"},
		{0xFFFB, false, "interlinear annotation terminator"},
		{0xFFFC, false, "object replacement character"},
		{0x13430, false, "Egyptian hieroglyph vertical joiner"},
		{0x1343F, false, "Egyptian hieroglyph end walled enclosure"},
		{0xE1000, false, "past the tag block"},
		{0x1F600, false, "emoji"},
	}
	for _, c := range cases {
		if got := DefaultIgnorable(c.r); got != c.want {
			t.Errorf("DefaultIgnorable(U+%04X %s) = %v, want %v", c.r, c.what, got, c.want)
		}
	}
}

// derivedIgnorable is Default_Ignorable_Code_Point as listed in Unicode
// 15.0's DerivedCoreProperties.txt, range by range.
var derivedIgnorable = [][2]rune{
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160},
	{0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E},
	{0x2060, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
	{0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0000, 0xE0FFF},
}

// The derivation from package unicode's tables must give exactly the
// published list, for every code point.
func TestDefaultIgnorableMatchesDerivedProperty(t *testing.T) {
	if unicode.Version != "15.0.0" {
		t.Skipf("reference list is for Unicode 15.0.0, tables are %s", unicode.Version)
	}
	want := func(r rune) bool {
		for _, rg := range derivedIgnorable {
			if r >= rg[0] && r <= rg[1] {
				return true
			}
		}
		return false
	}
	bad := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if DefaultIgnorable(r) != want(r) {
			t.Errorf("U+%04X: DefaultIgnorable = %v, want %v", r, DefaultIgnorable(r), want(r))
			if bad++; bad > 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

func TestFirstIgnorable(t *testing.T) {
	cases := []struct {
		in      string
		pos     int
		r       rune
		ok      bool
		comment string
	}{
		{"平顶山市星河科技有限公司", 0, 0, false, "clean"},
		{"", 0, 0, false, "empty"},
		{"平顶山市\u200b星河科技有限公司", 5, 0x200B, true, "zero width space after the region"},
		{"\ufeff平顶山市星河科技有限公司", 1, 0xFEFF, true, "BOM first"},
		{"平顶山市星河科技有限公司\u200d", 13, 0x200D, true, "joiner last"},
		{"平顶山市星\u00ad河\u200b科技", 6, 0x00AD, true, "first of two"},
		{"平顶山\xff市\u2060星河", 6, 0x2060, true, "invalid byte counts as one character"},
		{"星河\U000E0041科技", 3, 0xE0041, true, "tag character"},
		{"星河\uFE0F科技", 3, 0xFE0F, true, "variation selector"},
		{"\u0600星河", 0, 0, false, "prepended concatenation mark is not ignorable"},
	}
	for _, c := range cases {
		pos, r, ok := FirstIgnorable(c.in)
		if pos != c.pos || r != c.r || ok != c.ok {
			t.Errorf("%s: FirstIgnorable(%q) = %d, U+%04X, %v; want %d, U+%04X, %v", c.comment, c.in, pos, r, ok, c.pos, c.r, c.ok)
		}
	}
}

func TestStripIgnorable(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"平顶山市星河科技有限公司", "平顶山市星河科技有限公司"},
		{"平顶山市\u200b星河\u200d科技有限公司\ufeff", "平顶山市星河科技有限公司"},
		{"证据\u202egpj.exe", "证据gpj.exe"},
		{"a\u00adb\u034fc\U000E0100d", "abcd"},
		{"a\xffb\u200bc", "a\xffbc"},
		{"\u3000星河 科技\u3000", "\u3000星河 科技\u3000"},
		{"\u200b\u200c\u200d", ""},
	}
	for _, c := range cases {
		if got := StripIgnorable(c.in); got != c.want {
			t.Errorf("StripIgnorable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
