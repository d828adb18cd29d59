package dict

import (
	"regexp"
	"testing"
)

func TestDataDigest(t *testing.T) {
	d := DataDigest()
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(d) {
		t.Fatalf("DataDigest() = %q, want 12 hex digits", d)
	}
	if again := DataDigest(); again != d {
		t.Errorf("DataDigest() changed within one binary: %q then %q", d, again)
	}
	if fresh := digestOf(embeddedData()); fresh != d {
		t.Errorf("digest of the embedded files %q, DataDigest() %q", fresh, d)
	}
	var names []string
	for _, f := range embeddedData() {
		if f.body == "" {
			t.Errorf("embedded file %s is empty", f.name)
		}
		names = append(names, f.name)
	}
	for _, want := range []string{"data/lexicon.tsv", "data/industry_terms.tsv"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("the digest leaves out %s (has %v)", want, names)
		}
	}
}

func TestDigestOfChangesWithTheData(t *testing.T) {
	base := []dataFile{{"a.tsv", "禁用\t1\n"}, {"b.tsv", "科技\n"}}
	d := digestOf(base)
	for _, tc := range []struct {
		name  string
		files []dataFile
	}{
		{"one byte more", []dataFile{{"a.tsv", "禁用\t1\n "}, {"b.tsv", "科技\n"}}},
		{"bytes moved to the next file", []dataFile{{"a.tsv", "禁用\t1"}, {"b.tsv", "\n科技\n"}}},
		{"file renamed", []dataFile{{"c.tsv", "禁用\t1\n"}, {"b.tsv", "科技\n"}}},
		{"file left out", base[:1]},
	} {
		if got := digestOf(tc.files); got == d {
			t.Errorf("%s: digest unchanged (%s)", tc.name, d)
		}
	}
	if got := digestOf([]dataFile{{"a.tsv", "禁用\t1\n"}, {"b.tsv", "科技\n"}}); got != d {
		t.Errorf("same data, digest %s then %s", d, got)
	}
}
