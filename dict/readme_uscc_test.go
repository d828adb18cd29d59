package dict

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// usccLike is the shape of a unified social credit code: two code
// characters, the six-digit division code, ten more characters.
var usccLike = regexp.MustCompile(`^[0-9A-Z]{2}[0-9]{6}[0-9A-Z]{10}$`)

// usccTokens returns the 18-character USCC-looking tokens of text: runs of
// ASCII letters and digits of exactly that length and shape.
func usccTokens(text string) []string {
	var out []string
	runs := strings.FieldsFunc(text, func(r rune) bool {
		return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	for _, w := range runs {
		if len(w) == 18 && usccLike.MatchString(w) {
			out = append(out, w)
		}
	}
	return out
}

func TestUSCCTokens(t *testing.T) {
	got := usccTokens(`"uscc":"91410400MA44QH0015",x 91410400MA44QH001… 91410400MA44QH00155 /enterprises/91500118691235035D` +
		" 平顶山91610600MA6TGY3B3L。 sha 9f86d081884c7d659a2feaa0c55ad015")
	want := []string{"91410400MA44QH0015", "91500118691235035D", "91610600MA6TGY3B3L"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("tokens %v, want %v", got, want)
	}
}

// Every example code in the README and the docs passes the check-digit
// validation, so that a reader who copies one is not refused.
func TestDocsUSCCsAreValid(t *testing.T) {
	files, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"../README.md"}, files...)
	inReadme := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, code := range usccTokens(line) {
				if f == "../README.md" {
					inReadme++
				}
				if !ValidUSCC(code) {
					t.Errorf("%s:%d: %s fails the check-digit validation (check character should be %c)",
						f, i+1, code, USCCCheckChar(code[:17]))
				}
			}
		}
	}
	if inReadme == 0 {
		t.Error("no example USCC found in README.md: the extraction is broken")
	}
}
