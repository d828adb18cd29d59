package e2e

import (
	"strings"
	"testing"

	"namescope/config"
	"namescope/internal/testenv"
)

// TestSecondCityPage: the check page of a server configured for 郑州市
// (410100) names 郑州市 in its title, its placeholder and its authority
// selector, never 平顶山, and a check's messages give 郑州市 as the example.
func TestSecondCityPage(t *testing.T) {
	b := newBrowser(t)
	cfg, err := config.Parse([]byte("[[authorities]]\ncode = \"410100\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	env := testenv.New(t, testenv.Options{Now: today, Keys: []testenv.Key{}, Config: cfg})
	url := env.Serve(t)

	b.open(url + "/")
	if got := eval[string](b, `document.title`); got != "企业名称自查 · 郑州市企业名称自主申报" {
		t.Errorf("title %q", got)
	}
	b.waitJS("the authorities of 郑州市", `document.querySelectorAll("#authority option").length > 5`)
	if v := eval[string](b, `document.getElementById("authority").value`); v != "410100" {
		t.Errorf("default authority %q, want 410100", v)
	}
	if got := eval[string](b, `document.querySelector("#authority option").textContent`); got != "郑州市（全市）" {
		t.Errorf("first authority option %q", got)
	}
	if got := eval[string](b, `document.getElementById("name").placeholder`); !strings.Contains(got, "郑州市") {
		t.Errorf("placeholder %q", got)
	}

	b.typeInto("#name", "星河远航科技有限公司")
	b.waitJS("the answer", `document.getElementById("verdict").dataset.verdict === "approval" && !document.getElementById("check-form").hasAttribute("aria-busy")`)
	if got := b.text(`#findings li[data-code="no_region"]`); !strings.Contains(got, "如“郑州市”") {
		t.Errorf("no-region finding %q, want the example 郑州市", got)
	}
	if got := eval[string](b, `document.documentElement.outerHTML`); strings.Contains(got, "平顶山") {
		t.Error("the page names 平顶山")
	}
	b.screenshot("second-city")
}
