package name_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"namescope/name"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParseGolden parses testdata/parse_inputs.txt and compares with
// testdata/parse.golden; run with -update after a deliberate change and
// review the diff.
func TestParseGolden(t *testing.T) {
	f, err := os.Open("testdata/parse_inputs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := name.Parse(line)
		fmt.Fprintf(&got, "%s\n  normalized=%s region=%q(%s)%v trade=%q%v industry=%q%v→%s org=%q%v group=%v china=%v parent=%q branch=%q\n",
			line, p.Normalized, p.Region, p.RegionPos, p.RegionSpan, p.TradeName, p.TradeNameSpan,
			p.Industry, p.IndustrySpan, p.NameIndustry.String(), p.OrgForm, p.OrgFormSpan, p.Group, p.ChinaMarker, p.Parent, p.BranchQualifier)
	}
	const golden = "testdata/parse.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got.String() != string(want) {
		gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("parse differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("parse output length differs from %s", golden)
	}
}
