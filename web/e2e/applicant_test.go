package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The applicant's story: check a name that is similar to a registered one,
// read why, accept the commitment; then try a name that is refused.
func TestApplicantStory(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)

	b.open(srv.URL + "/")
	if got := b.text("h1"); got != "企业名称自查" {
		t.Fatalf("home page heading %q", got)
	}
	if v := eval[string](b, `document.getElementById("authority").value`); v != "410400" {
		t.Errorf("default authority %q, want 410400", v)
	}
	if n := eval[int](b, `document.querySelectorAll("#authority option").length`); n < 10 {
		t.Errorf("authority choices: %d, want the city and its divisions", n)
	}

	// Typed key by key: the check runs as the applicant types, and only the
	// answer for the whole name stays on the page.
	b.typeInto("#name", "平顶山市星和科技有限公司")
	b.waitJS("warn verdict", `document.getElementById("verdict").dataset.verdict === "warn" && !document.getElementById("check-form").hasAttribute("aria-busy")`)
	if got := b.text("#verdict-title"); got != "提示风险" {
		t.Errorf("verdict title %q, want 提示风险", got)
	}
	if got := b.text("#name-view"); got != "平顶山市星和科技有限公司" {
		t.Errorf("checked name %q", got)
	}
	for part, want := range map[string]string{"region": "平顶山市", "trade_name": "星和", "industry": "科技", "org_form": "有限公司"} {
		if got := b.text(`#parts dd[data-part="` + part + `"]`); got != want {
			t.Errorf("part %s = %q, want %q", part, got, want)
		}
	}
	if got := b.text(`#findings li[data-code="similar_name"] .name-frag mark`); got != "星和" {
		t.Errorf("the finding marks %q in the name, want 星和", got)
	}
	if got := b.text(`#findings li[data-code="similar_name"] .rule`); !strings.Contains(got, "第十六条") {
		t.Errorf("finding citation %q", got)
	}
	if got := b.text("#similar li .nm"); got != "平顶山市星河科技有限公司" {
		t.Errorf("similar name %q", got)
	}
	if got := b.text("#similar li .nm mark"); got != "星河" {
		t.Errorf("similar name highlight %q, want 星河", got)
	}
	if got := b.text(`#similar li .reasons li[data-code="homophone"]`); !strings.Contains(got, "读音相同") {
		t.Errorf("similar reason %q", got)
	}
	if !b.visible("#commitment") || b.visible("#next") {
		t.Fatal("a warning shows the commitment and no next step before it is accepted")
	}
	if got := b.text("#commitment-text"); !strings.HasPrefix(got, "本申请人承诺") {
		t.Errorf("commitment text %q", got)
	}
	b.screenshot("check-warn")

	// Accept the commitment with the keyboard.
	b.do("focus the commitment", chromedp.Focus(chromedp.ID("commitment-accept")))
	b.key(" ")
	b.waitJS("commitment accepted", `document.getElementById("commitment-accept").checked && !document.getElementById("next").hidden`)
	if !b.visible("#commitment-done") {
		t.Error("no confirmation after accepting the commitment")
	}
	if got := eval[bool](b, `JSON.parse(sessionStorage.getItem("namescope.draft")).commitment_accepted`); !got {
		t.Error("the accepted commitment is not kept for the next steps")
	}

	// The same name as a registered enterprise is refused.
	b.typeInto("#name", "平顶山市星河科技有限公司")
	b.key(kb.Enter)
	b.waitJS("block verdict", `document.getElementById("verdict").dataset.verdict === "block" && !document.getElementById("check-form").hasAttribute("aria-busy")`)
	if got := b.text("#verdict-title"); got != "不予通过" {
		t.Errorf("verdict title %q, want 不予通过", got)
	}
	if got := b.text(`#findings li[data-code="identical_name"] .msg`); !strings.Contains(got, "字号“星河”") {
		t.Errorf("identical-name finding %q", got)
	}
	if b.visible("#commitment") || b.visible("#next") {
		t.Error("a refused name offers the commitment or a next step")
	}
	b.screenshot("check-block")

	// On a phone: nothing wider than the screen.
	b.mobile()
	b.noHorizontalScroll("name check at 360 px")
	b.screenshot("check-block-mobile")
	b.desktop()

	// Keyboard: the fields follow each other in order.
	b.do("focus name", chromedp.Focus(chromedp.ID("name")))
	b.key(kb.Tab)
	if got := b.focused(); got != "authority" {
		t.Errorf("Tab from the name goes to %q, want authority", got)
	}
	if style := eval[string](b, `getComputedStyle(document.activeElement).outlineStyle`); style == "none" {
		t.Error("the focused field shows no focus outline")
	}

	// A request that fails is explained in plain words.
	if _, err := chromedp.Call(b.ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(b.ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
		URLPatterns: []*network.BlockPattern{{URLPattern: srv.URL + "/api/v1/names/check", Block: true}},
	}); err != nil {
		t.Fatal(err)
	}
	b.typeInto("#name", "平顶山市青禾农业开发有限公司")
	b.waitJS("network error shown", `!document.getElementById("check-error").hidden`)
	if got := b.text("#check-error"); got != "无法连接到服务器，请检查网络连接后重试。" {
		t.Errorf("network error message %q", got)
	}
	if b.visible("#result") {
		t.Error("a failed check leaves an old result on the page")
	}
	if _, err := chromedp.Call(b.ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{}); err != nil {
		t.Fatal(err)
	}
	b.click(`#check-form button[type="submit"]`)
	b.waitJS("check after the network is back", `document.getElementById("check-error").hidden && !document.getElementById("result").hidden && !document.getElementById("check-form").hasAttribute("aria-busy")`)
	if got := b.text("#verdict-title"); got != "通过" {
		t.Errorf("verdict %q for a free name, want 通过", got)
	}

	// Back to the first name: accept the commitment again and reserve it.
	b.typeInto("#name", "平顶山市星和科技有限公司")
	b.waitJS("warn verdict again", `document.getElementById("verdict").dataset.verdict === "warn" && !document.getElementById("check-form").hasAttribute("aria-busy")`)
	b.click("#commitment-accept")
	b.waitJS("next step offered", `!document.getElementById("next").hidden`)
	pickScope(t, b)
	reserve(t, b, srv)
}

// reserve goes from the check to the reservation page, is told what is
// missing, fills in the applicant and reserves the name.
func reserve(t *testing.T, b *browser, srv *server) {
	t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.ID("next-reserve"))); err != nil {
		t.Fatalf("go to the reservation: %v", err)
	}
	b.waitJS("reservation page", `location.pathname === "/reserve" && document.documentElement.dataset.ready === "true"`)
	if got := b.text("#sum-name"); got != "平顶山市星和科技有限公司" {
		t.Errorf("name to reserve %q", got)
	}
	if got := b.text("#sum-scope"); !strings.HasPrefix(got, "一般项目：软件开发") {
		t.Errorf("scope to reserve with %q", got)
	}
	if !eval[bool](b, `!document.getElementById("commitment-box").hidden && document.getElementById("commitment").checked`) {
		t.Error("the accepted commitment is not carried to the reservation")
	}
	b.click("#reserve-submit")
	b.waitJS("missing applicant", `!document.getElementById("reserve-error").hidden`)
	if got := b.text("#reserve-error"); got != "请填写申请人。" {
		t.Errorf("missing-applicant message %q", got)
	}
	if got := b.focused(); got != "applicant" {
		t.Errorf("focus after the error: %q, want applicant", got)
	}
	b.typeInto("#applicant", "张星和")
	b.typeInto("#contact", "0375-1234567")
	b.key(kb.Enter)
	b.waitJS("reserved", `!document.getElementById("done").hidden`)
	if got := b.text("#done-until"); got != "2026-05-02" {
		t.Errorf("reserved until %q, want 2026-05-02 (2 months)", got)
	}
	id, token := b.text("#done-id"), b.text("#done-token")
	if id == "" || token == "" {
		t.Fatalf("reservation id %q, token %q", id, token)
	}
	b.screenshot("reserve-done")

	// The reservation is real: the applicant's token opens it, with the
	// commitment recorded.
	rec := srv.call(t, "GET", "/api/v1/names/reservations/"+id, token, nil, 200)
	if rec["state"] != "reserved" || rec["applicant"] != "张星和" {
		t.Errorf("reservation record: state %v, applicant %v", rec["state"], rec["applicant"])
	}
	if codes := fmt.Sprint(rec["scope_codes"]); codes != "[XI0001 XH0001]" {
		t.Errorf("reserved with scope %s, want [XI0001 XH0001] (main business first)", codes)
	}
	check, _ := rec["check"].(map[string]any)
	if c, _ := check["commitment"].(map[string]any); c == nil || !strings.HasPrefix(c["text"].(string), "本申请人承诺") {
		t.Errorf("commitment not recorded with the reservation: %v", check["commitment"])
	}
}
