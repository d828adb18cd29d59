package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The credit desk story, on the harness clock: a repair applied for on the
// public page with its evidence and decided by staff (the listing leaves
// the public list, the applicant reads the decision with its token); a
// serious-list notice, a statement, the decision after the period; a
// red-list proposal, a public objection decided by staff, the inclusion
// after the announcement; the printed documents.
func TestCreditDeskStory(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)
	e2, e3, e4 := uscc("91410400MA44XH002"), uscc("91410400MA44XH003"), uscc("91410400MA44XH005")
	listing := srv.call(t, "POST", "/api/v1/credit/abnormal", srv.Tokens["staff"],
		map[string]any{"uscc": e2, "reason": "unreachable", "date": "2026-03-02"}, 201)["id"].(string)

	id, token := applyForRepair(t, b, srv, e2, listing)
	signIn(t, b, srv, "/staff/credit/desk", "staff", false)
	decideRepair(t, b, srv, id, e2)
	followRepair(t, b, srv, id, token)
	seriousDesk(t, b, srv, e3)
	redDesk(t, b, srv, e4)
}

func applyForRepair(t *testing.T, b *browser, srv *server, e2, listing string) (id, token string) {
	t.Helper()
	proof := filepath.Join(t.TempDir(), "恢复联系证明.pdf")
	if err := os.WriteFile(proof, []byte("%PDF-1.4 住所可以联系"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.open(srv.URL + "/credit/repair")
	// Nothing filled: refused on the page, the first field focused.
	b.click("#apply-form button[type=submit]")
	b.waitJS("refused", `!document.getElementById("apply-error").hidden`)
	if got := b.text("#apply-error"); !strings.Contains(got, "统一社会信用代码") || b.focused() != "ap-uscc" {
		t.Errorf("empty application: %q, focus %q", got, b.focused())
	}
	b.typeInto("#ap-uscc", e2)
	b.typeInto("#ap-target", listing)
	b.typeInto("#ap-applicant", "平顶山市星和科技有限公司")
	b.typeInto("#ap-contact", "0375-1234567")
	b.typeInto("#ap-statement", "已办理住所变更登记，可以通过登记的住所联系")
	b.do("upload evidence", chromedp.SetUploadFiles(chromedp.CSS("#ap-evidence"), []string{proof}))
	b.click("#apply-form button[type=submit]")
	b.waitJS("filed", `!document.getElementById("apply-done").hidden`)
	id, token = b.text("#done-id"), b.text("#done-token")
	if !strings.HasPrefix(id, "RP") || !strings.HasPrefix(token, "nsp_") {
		t.Fatalf("application %q token %q", id, token)
	}
	if got := b.text("#done-state"); !strings.Contains(got, "由登记注册科办理") || !strings.Contains(got, "2026-03-05 前决定是否受理") {
		t.Errorf("filed: %q", got)
	}
	// The follow-up form is filled: Enter shows the pending application.
	b.focus("#fw-token")
	b.key(kb.Enter)
	b.waitJS("followed", `!document.getElementById("follow-result").hidden`)
	if got := b.text("#fr-state"); got != "办理中" {
		t.Errorf("state %q", got)
	}
	if got := b.text("#fr-evidence"); !strings.Contains(got, "恢复联系证明.pdf") {
		t.Errorf("evidence %q", got)
	}
	b.mobile()
	b.noHorizontalScroll("repair page at 360 px")
	b.desktop()
	return id, token
}

func decideRepair(t *testing.T, b *browser, srv *server, id, e2 string) {
	t.Helper()
	item := `#repairs-list li[data-id="` + id + `"]`
	b.waitJS("queue", `!!document.querySelector(`+jsString(item)+`)`)
	got := b.text(item)
	for _, want := range []string{"符合申请条件", "受理期限：2026-03-05", "决定期限：2026-03-26", "恢复联系证明.pdf"} {
		if !strings.Contains(got, want) {
			t.Errorf("queue item without %q: %q", want, got)
		}
	}
	form := item + " form.repair-decision"
	b.click(form + " button[type=submit]")
	b.waitJS("reasons required", `!document.querySelector(`+jsString(form+" .alert")+`).hidden`)
	b.typeInto(form+" textarea", "已办理住所变更登记，符合信用修复条件")
	b.click(form + " button[type=submit]")
	b.waitJS("decided", `document.getElementById("desk-done").textContent.startsWith("已作出信用修复决定")`)
	if got := b.text("#desk-done"); !strings.Contains(got, "准予修复") || !strings.Contains(got, "平市监信修〔2026〕第0001号") {
		t.Errorf("decision %q", got)
	}
	b.open(srv.URL + "/credit/lists?q=" + e2)
	if !b.visible("#pl-empty") {
		t.Errorf("the repaired listing is still public: %v", rowIDs(b, "#pl-table tbody"))
	}
}

func followRepair(t *testing.T, b *browser, srv *server, id, token string) {
	t.Helper()
	b.open(srv.URL + "/credit/repair")
	b.typeInto("#fw-id", id)
	b.typeInto("#fw-token", "nsp_"+strings.Repeat("x", 43))
	b.key(kb.Enter)
	b.waitJS("wrong token", `!document.getElementById("follow-error").hidden`)
	if got := b.text("#follow-error"); !strings.Contains(got, "该令牌不能查看此申请") {
		t.Errorf("wrong token: %q", got)
	}
	b.typeInto("#fw-token", token)
	b.key(kb.Enter)
	b.waitJS("approved", `document.getElementById("fr-state").textContent === "准予修复"`)
	b.click("#fr-doc a")
	b.waitJS("document", `document.documentElement.dataset.ready === "true" && document.getElementById("doc")?.hidden === false`)
	if got := b.text("#doc-title"); got != "信用修复决定书" {
		t.Errorf("document title %q", got)
	}
	// Without the token (and without the staff key this tab signed in
	// with) the page asks for it.
	u := eval[string](b, `location.pathname`)
	key := eval[string](b, `(() => { const k = sessionStorage.getItem("namescope.staffKey"); sessionStorage.clear(); return k; })()`)
	defer eval[bool](b, `(sessionStorage.setItem("namescope.staffKey", `+jsString(key)+`), true)`)
	b.open(srv.URL + u)
	if !b.visible("#token-form") || b.visible("#doc") {
		t.Error("a party's document shown without its token")
	}
	b.typeInto("#token", token)
	b.key(kb.Enter)
	b.waitJS("document with the typed token", `!document.getElementById("doc").hidden`)
	if got := b.text("#doc-number"); got != "平市监信修〔2026〕第0001号" {
		t.Errorf("number %q", got)
	}
}

func seriousDesk(t *testing.T, b *browser, srv *server, e3 string) {
	t.Helper()
	openDesk(b, srv, "serious")
	b.typeInto("#nt-uscc", e3)
	b.setValue("#nt-criterion", "other")
	b.typeInto("#nt-facts", "拒绝、阻碍市场监管部门依法开展的监督检查")
	b.click("#notice-form button[type=submit]")
	b.waitJS("noticed", `document.getElementById("desk-done").textContent.startsWith("已发出告知")`)
	if got := b.text("#desk-done"); !strings.Contains(got, "平市监信告〔2026〕第0001号") || !strings.Contains(got, "陈述申辩期至 2026-03-09") {
		t.Errorf("notice: %q", got)
	}
	item := `#notices li.listing.current`
	b.typeInto(item+" form.statement textarea", "我公司当日因停电未能配合检查，并非拒绝")
	b.setValue(item+" form.statement input[type=date]", "2026-03-02")
	b.click(item + " form.statement button[type=submit]")
	b.waitJS("statement", `document.getElementById("desk-done").textContent.startsWith("已记录")`)
	form := item + " form.serious-decision"
	b.typeInto(form+" textarea", "陈述申辩理由不成立")
	b.click(form + " button[type=submit]")
	b.waitJS("too early", `!document.querySelector(`+jsString(form+" .alert")+`).hidden`)
	if got := b.text(form + " .alert"); !strings.Contains(got, "陈述申辩期至 2026-03-09 届满") {
		t.Errorf("decision during the period: %q", got)
	}
	srv.Clock.SetDate("2026-03-10")
	openDesk(b, srv, "serious")
	b.typeInto(form+" textarea", "陈述申辩理由不成立，情节严重")
	b.click(form + " button[type=submit]")
	b.waitJS("listed", `document.getElementById("desk-done").textContent.startsWith("已作出决定")`)
	if got := b.text("#desk-done"); !strings.Contains(got, "已列入") || !strings.Contains(got, "平市监严列〔2026〕第0001号") {
		t.Errorf("decision %q", got)
	}
	b.open(srv.URL + "/credit/lists?list=serious&q=" + e3)
	if ids := rowIDs(b, "#pl-table tbody"); len(ids) != 1 {
		t.Errorf("serious list %v", ids)
	}
}

func redDesk(t *testing.T, b *browser, srv *server, e4 string) {
	t.Helper()
	openDesk(b, srv, "red")
	b.typeInto("#rd-uscc", e4)
	b.typeInto("#rd-grounds", "连续三年年度报告按时公示，获评市级守合同重信用企业")
	b.click("#red-form button[type=submit]")
	b.waitJS("proposal answered", `document.getElementById("desk-done").textContent.startsWith("已提出拟列入") || !document.getElementById("red-form-error").hidden`)
	if !b.visible("#desk-done") {
		t.Fatalf("proposal refused: %s", b.text("#red-form-error"))
	}
	b.waitJS("proposed", `document.getElementById("desk-done").textContent.startsWith("已提出拟列入")`)
	if got := b.text("#desk-done"); !strings.Contains(got, "公示期至 2026-03-19") {
		t.Errorf("proposal: %q", got)
	}

	// The public objects during the announcement.
	b.open(srv.URL + "/credit/red")
	form := `#red-list form.objection`
	b.typeInto(form+` input[id^="ob-applicant"]`, "赵六")
	b.typeInto(form+` input[id^="ob-contact"]`, "13800000000")
	b.typeInto(form+" textarea", "该企业曾拖欠货款")
	b.click(form + " button[type=submit]")
	b.waitJS("objected", `!document.getElementById("red-done").hidden`)
	if got := b.text("#red-done"); !strings.Contains(got, "第 1 号异议") {
		t.Errorf("objection: %q", got)
	}
	b.mobile()
	b.noHorizontalScroll("red announcements at 360 px")
	b.desktop()

	// Staff decide the objection, then the inclusion after the period.
	openDesk(b, srv, "red")
	obj := `#reds form.red-objection`
	b.typeInto(obj+" textarea", "经核查，货款纠纷已调解结案")
	b.click(obj + " button[type=submit]")
	b.waitJS("objection decided", `document.getElementById("desk-done").textContent === "已处理第 1 号异议。"`)
	dec := `#reds form.red-decision`
	b.typeInto(dec+" textarea", "公示期满，符合守信激励条件")
	b.click(dec + " button[type=submit]")
	b.waitJS("too early", `!document.querySelector(`+jsString(dec+" .alert")+`).hidden`)
	if got := b.text(dec + " .alert"); !strings.Contains(got, "公示期至 2026-03-19 届满") {
		t.Errorf("decision during the announcement: %q", got)
	}
	srv.Clock.SetDate("2026-03-20")
	openDesk(b, srv, "red")
	b.typeInto(dec+" textarea", "公示期满，异议不成立，符合守信激励条件")
	b.click(dec + " button[type=submit]")
	b.waitJS("included", `document.getElementById("desk-done").textContent.startsWith("已列入守信激励名单")`)
	if got := b.text("#desk-done"); !strings.Contains(got, "平市监信红〔2026〕第0001号") || !strings.Contains(got, "有效至 2029-03-19") {
		t.Errorf("inclusion %q", got)
	}
	b.mobile()
	b.noHorizontalScroll("credit desk at 360 px")
	b.desktop()

	// The public list leads to the printed decision.
	b.open(srv.URL + "/credit/lists?list=red&q=" + e4)
	if ids := rowIDs(b, "#pl-table tbody"); len(ids) != 1 {
		t.Fatalf("red list %v", ids)
	}
	b.click("#pl-table a.doc-link")
	b.waitJS("printed", `document.documentElement.dataset.ready === "true" && document.getElementById("doc")?.hidden === false`)
	for sel, want := range map[string]string{"#doc-title": "列入守信激励名单决定书", "#doc-number": "平市监信红〔2026〕第0001号",
		"#doc-issuer": "平顶山市市场监督管理局", "#doc-date": "2026年3月20日"} {
		if got := b.text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if got := b.text("#doc-body"); !strings.Contains(got, "公示期间收到异议 1 件") {
		t.Errorf("body %q", got)
	}
	printed(t, b)
	b.mobile()
	b.noHorizontalScroll("document at 360 px")
	b.desktop()
	b.screenshot("credit-document")
}

// printed checks the print styles: the site's header, navigation and
// buttons are left out, the document stays.
func printed(t *testing.T, b *browser) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	if b.visible("header.site") || b.visible("#print") || b.visible("footer.site") {
		t.Error("the printout shows the site's header, footer or buttons")
	}
	if !b.visible("#doc-rights") {
		t.Error("the printout lost the document")
	}
}

var deskLoads int

// openDesk loads the credit desk afresh on a tab (a new query each time:
// the same address with another fragment would not load the page again).
func openDesk(b *browser, srv *server, tab string) {
	b.t.Helper()
	deskLoads++
	b.open(fmt.Sprintf("%s/staff/credit/desk?load=%d#%s", srv.URL, deskLoads, tab))
}
