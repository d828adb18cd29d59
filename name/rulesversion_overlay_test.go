package name

import (
	"context"
	"regexp"
	"testing"

	"namescope/dict"
)

// Not parallel: the overlay is the process's.
func TestRulesVersionWithOverlay(t *testing.T) {
	t.Cleanup(func() { _, _ = dict.SetLexiconOverlay(nil) })
	base := ComposeRulesVersion(ParserVersion, rulesDigest())
	if RulesVersion() != base {
		t.Fatalf("without an overlay: %q, want %q", RulesVersion(), base)
	}
	v, err := dict.SetLexiconOverlay([]dict.LexiconEntry{{
		Word: "黑金盘", Category: "gambling", Severity: "block", Where: dict.Anywhere, Rule: "《企业名称登记管理规定》第十一条第（七）项",
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := RulesVersion()
	if got != base+"-o"+v || !regexp.MustCompile(`^p[0-9]+-[0-9a-f]{12}-o[0-9a-f]{8}$`).MatchString(got) {
		t.Errorf("with an overlay: %q (base %q, overlay %q)", got, base, v)
	}
	res, err := (&Checker{}).Check(context.Background(), Request{Name: "平顶山市黑金盘科技有限公司", AuthorityCode: "410400"})
	if err != nil {
		t.Fatal(err)
	}
	if res.RulesVersion != got || res.Verdict != Block {
		t.Errorf("answer: rules_version %q, verdict %s, findings %+v", res.RulesVersion, res.Verdict, res.Findings)
	}
	if _, err := dict.SetLexiconOverlay(nil); err != nil {
		t.Fatal(err)
	}
	if RulesVersion() != base {
		t.Errorf("overlay emptied: %q, want %q", RulesVersion(), base)
	}
}
