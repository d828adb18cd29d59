package name

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
)

func TestRulesVersionInEveryAnswer(t *testing.T) {
	want := fmt.Sprintf("p%d-%s", ParserVersion, rulesDigest())
	if got := RulesVersion(); got != want {
		t.Fatalf("RulesVersion() = %q, want %q", got, want)
	}
	if !regexp.MustCompile(`^p[0-9]+-[0-9a-f]{12}$`).MatchString(want) {
		t.Errorf("rules version %q is not p<parser>-<12 hex>", want)
	}
	c := &Checker{}
	for _, n := range []string{"平顶山市星河科技有限公司", "平顶山市中华科技有限公司"} {
		res, err := c.Check(context.Background(), Request{Name: n, AuthorityCode: "410400"})
		if err != nil {
			t.Fatal(err)
		}
		if res.RulesVersion != want {
			t.Errorf("%s: rules_version %q, want %q", n, res.RulesVersion, want)
		}
		b, _ := json.Marshal(res)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["rules_version"] != want {
			t.Errorf("%s: JSON rules_version %v", n, m["rules_version"])
		}
	}
}

func TestComposeRulesVersion(t *testing.T) {
	base := ComposeRulesVersion(1, "0123456789ab")
	if base != "p1-0123456789ab" {
		t.Fatalf("ComposeRulesVersion(1, …) = %q", base)
	}
	for _, tc := range []struct {
		what   string
		parser int
		digest string
	}{
		{"parser version changed", 2, "0123456789ab"},
		{"data digest changed", 1, "0123456789ac"},
		{"both changed", 12, "ffffffffffff"},
	} {
		if got := ComposeRulesVersion(tc.parser, tc.digest); got == base {
			t.Errorf("%s: version unchanged (%s)", tc.what, got)
		}
	}
	if got := ComposeRulesVersion(1, "0123456789ab"); got != base {
		t.Errorf("same inputs: %q then %q", base, got)
	}
}
