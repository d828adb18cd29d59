package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The credit story: the public looks up an enterprise's credit file and
// sees only its published events, pages and searches the lists; staff
// open the full file (superseded events marked), list the enterprise on
// the abnormal list, the public sees it, staff remove it; listing a
// new-economy enterprise on a reporting ground without guidance is refused
// in Chinese; staff record a penalty from the page; the public pages fit a
// phone.
func TestCreditStory(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)
	seed := seedCredit(t, srv)

	publicLookup(t, b, srv, seed)
	publicLists(t, b, srv)
	signIn(t, b, srv, "/staff/credit", "staff", false)
	staffCredit(t, b, srv, seed)
	phone(t, b, srv)
}

// creditSeed is what seedCredit wrote for E1.
type creditSeed struct {
	e1        string
	published string // an ordinary-procedure penalty: published
	simple    string // a simple-procedure penalty: never published
	guidance  string // the event of a guidance notice: not published
	withdrawn string // a published penalty withdrawn afterwards
}

// seedCredit writes, through the API as staff, E1's penalties (one
// published, one simple, one withdrawn) and a guidance notice, and twelve
// abnormal-list listings of E2–E5 on three grounds, on twelve days.
func seedCredit(t *testing.T, srv *server) creditSeed {
	t.Helper()
	staff := srv.Tokens["staff"]
	s := creditSeed{e1: uscc("91410400MA44XH001")}
	penalty := func(no, procedure string, items []map[string]any) string {
		res := srv.call(t, "POST", "/api/v1/credit/penalties", staff, map[string]any{
			"uscc": s.e1, "decision_no": no, "authority": "平顶山市市场监督管理局", "decided_on": "2026-02-10",
			"procedure": procedure, "penalties": items, "domain": "food",
			"violation": "经营超过保质期的食品", "basis": "《中华人民共和国食品安全法》第一百二十四条",
		}, 201)
		return res["event"].(map[string]any)["id"].(string)
	}
	s.published = penalty("平市监罚〔2026〕12号", "ordinary", []map[string]any{{"kind": "fine", "amount_yuan": 50000}})
	s.simple = penalty("平市监简罚〔2026〕3号", "simple", []map[string]any{{"kind": "warning"}})
	s.withdrawn = penalty("平市监罚〔2026〕14号", "ordinary", []map[string]any{{"kind": "fine", "amount_yuan": 80000}})
	srv.call(t, "POST", "/api/v1/credit/events/"+s.withdrawn+"/withdrawal", staff,
		map[string]any{"reason": "该处罚决定已被复议机关撤销", "date": "2026-02-20"}, 201)
	g := srv.call(t, "POST", "/api/v1/credit/guidance", staff, map[string]any{
		"uscc": s.e1, "ground": "annual_report", "text": "请于期限内补报2025年度报告", "deadline": "2026-03-20"}, 201)
	s.guidance = g["event_id"].(string)

	day := 1
	for _, first17 := range []string{"91410400MA44XH002", "91410400MA44XH003", "91410400MA44XH004", "91410400MA44XH005"} {
		for _, reason := range []string{"unreachable", "false_info", "instant_info"} {
			srv.call(t, "POST", "/api/v1/credit/abnormal", staff, map[string]any{
				"uscc": uscc(first17), "reason": reason, "date": fmt.Sprintf("2026-02-%02d", day)}, 201)
			day++
		}
	}
	return s
}

// rowIDs returns the data-id of the rows of a table body.
func rowIDs(b *browser, tbody string) []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll(`+jsString(tbody+" tr")+`)].map(r => r.dataset.id)`)
}

func has(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// focus focuses the first element matching css.
func (b *browser) focus(css string) {
	b.t.Helper()
	b.do("focus "+css, chromedp.Focus(chromedp.CSS(css)))
}

// setValue sets a field the way a date picker does and fires its events.
func (b *browser) setValue(css, v string) {
	b.t.Helper()
	eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q;
		e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, css, v))
}

func publicLookup(t *testing.T, b *browser, srv *server, s creditSeed) {
	t.Helper()
	b.open(srv.URL + "/")
	if got := eval[string](b, `[...document.querySelectorAll("header nav a")].map(a => a.getAttribute("href")).join(" ")`); !strings.Contains(got, "/credit /credit/lists") {
		t.Errorf("the public navigation does not lead to the credit pages: %s", got)
	}

	b.open(srv.URL + "/credit")
	// A malformed code is refused on the page, an unknown one by the API in its words.
	b.typeInto("#uscc", "12345")
	b.key(kb.Enter)
	b.waitJS("malformed code refused", `!document.getElementById("lookup-error").hidden`)
	if got := b.text("#lookup-error"); !strings.Contains(got, "18 位统一社会信用代码") {
		t.Errorf("malformed code message %q", got)
	}
	unknown := uscc("91410400MA44XH099")
	b.typeInto("#uscc", unknown)
	b.key(kb.Enter)
	b.waitJS("unknown code refused", `document.getElementById("lookup-error").textContent.includes(`+jsString(unknown)+`)`)
	if got := b.text("#lookup-error"); got != "未找到统一社会信用代码为 "+unknown+" 的企业" {
		t.Errorf("unknown code message %q, want the API's", got)
	}

	b.typeInto("#uscc", strings.ToLower(s.e1))
	b.key(kb.Enter)
	b.waitJS("credit file shown", `!document.getElementById("file").hidden && document.querySelectorAll("#events tbody tr").length > 0`)
	if b.visible("#lookup-error") {
		t.Error("the error of the previous lookup is still shown")
	}
	if got := b.text("#file-name"); got != "平顶山市星河科技有限公司" {
		t.Errorf("file name %q", got)
	}
	if got := b.focused(); got != "file" {
		t.Errorf("focus after the lookup %q, want file", got)
	}
	ids := rowIDs(b, "#events tbody")
	if !has(ids, s.published) {
		t.Errorf("the published penalty %s is not shown: %v", s.published, ids)
	}
	for what, id := range map[string]string{"simple-procedure penalty": s.simple, "guidance notice": s.guidance, "withdrawn penalty": s.withdrawn} {
		if has(ids, id) {
			t.Errorf("the public sees the %s %s", what, id)
		}
	}
	// Every event the API publishes is shown, and nothing else.
	file := srv.call(t, "GET", "/api/v1/credit/"+s.e1, "", nil, 200)
	if want := len(file["events"].([]any)); len(ids) != want {
		t.Errorf("%d events shown, the API publishes %d", len(ids), want)
	}
	until := ""
	for _, e := range file["events"].([]any) {
		if ev := e.(map[string]any); ev["id"] == s.published {
			until, _ = ev["public_until"].(string)
		}
	}
	if until == "" {
		t.Fatalf("the API gives no public_until for the published penalty: %v", file["events"])
	}
	row := `#events tr[data-id="` + s.published + `"]`
	for _, want := range []string{"2026-02-10", "行政处罚", "平顶山市市场监督管理局", "罚款 50000 元", "《中华人民共和国食品安全法》第一百二十四条", "公示至 " + until} {
		if got := b.text(row); !strings.Contains(got, want) {
			t.Errorf("penalty row %q lacks %q", got, want)
		}
	}
	if !b.visible("#lists-none") {
		t.Error("E1 is on no list, the page should say so")
	}
	if got := eval[string](b, `location.search`); got != "?uscc="+s.e1 {
		t.Errorf("the address does not keep the lookup: %q", got)
	}
}

func publicLists(t *testing.T, b *browser, srv *server) {
	t.Helper()
	b.open(srv.URL + "/credit/lists")
	if got := len(rowIDs(b, "#pl-table tbody")); got != 12 {
		t.Fatalf("abnormal list shows %d rows, want the 12 listed", got)
	}
	if b.visible("#pl-pager") {
		t.Error("a pager for a single page")
	}
	// Ten a page: two pages, the latest listing first.
	b.focus("#pl-size")
	b.setValue("#pl-size", "10")
	b.waitJS("page 1 of 2", `document.getElementById("pl-status").textContent === "共 12 家企业，第 1 / 2 页"`)
	if got := len(rowIDs(b, "#pl-table tbody")); got != 10 {
		t.Errorf("page 1 shows %d rows, want 10", got)
	}
	if got := b.text("#pl-table tbody tr td:nth-child(4)"); got != "2026-02-12" {
		t.Errorf("first row listed on %q, want the latest 2026-02-12", got)
	}
	if !eval[bool](b, `document.getElementById("pl-prev").disabled`) {
		t.Error("上一页 is enabled on page 1")
	}
	b.click("#pl-next")
	b.waitJS("page 2", `document.getElementById("pl-status").textContent === "共 12 家企业，第 2 / 2 页"`)
	if got := len(rowIDs(b, "#pl-table tbody")); got != 2 {
		t.Errorf("page 2 shows %d rows, want 2", got)
	}
	if got := b.text("#pl-table tbody tr td:nth-child(4)"); got != "2026-02-02" {
		t.Errorf("page 2 starts with a listing of %q, want 2026-02-02", got)
	}
	if got := eval[string](b, `location.search`); !strings.Contains(got, "page=2") || !strings.Contains(got, "size=10") {
		t.Errorf("the address does not keep the page: %q", got)
	}
	if got := b.focused(); got != "pl-results" {
		t.Errorf("focus after turning the page %q, want the results", got)
	}

	// Search by name: one enterprise's three listings on one page.
	b.typeInto("#pl-q", "金鼎")
	b.key(kb.Enter)
	b.waitJS("search", `document.getElementById("pl-status").textContent === "共 3 家企业，第 1 / 1 页"`)
	names := eval[[]string](b, `[...document.querySelectorAll("#pl-table tbody td.nm a")].map(a => a.textContent)`)
	for _, n := range names {
		if n != "平顶山市金鼎餐饮管理有限公司" {
			t.Errorf("search 金鼎 shows %q", n)
		}
	}
	if b.visible("#pl-pager") {
		t.Error("a pager for the single page of a search")
	}
	href := eval[string](b, `document.querySelector("#pl-table tbody td.nm a").getAttribute("href")`)
	if want := "/credit?uscc=" + uscc("91410400MA44XH002"); href != want {
		t.Errorf("name links to %q, want %q", href, want)
	}
	b.screenshot("credit-lists")

	// Nothing found, and the lists not built yet: the empty state.
	b.typeInto("#pl-q", "没有这家企业")
	b.key(kb.Enter)
	b.waitJS("no match", `!document.getElementById("pl-empty").hidden`)
	if got := b.text("#pl-empty"); got != "经营异常名录中没有与“没有这家企业”相符的企业。" {
		t.Errorf("empty search %q", got)
	}
	if b.visible("#pl-table") {
		t.Error("an empty table is shown")
	}
	b.typeInto("#pl-q", "")
	b.key(kb.Enter)
	b.waitJS("search cleared", `document.getElementById("pl-status").textContent === "共 12 家企业，第 1 / 2 页"`)
	b.click(`#pl-tabs a[data-list="serious"]`)
	b.waitJS("serious list", `document.getElementById("pl-title").textContent === "严重违法失信名单" && !document.getElementById("pl-empty").hidden`)
	if got := b.text("#pl-empty"); got != "严重违法失信名单中目前没有企业。" {
		t.Errorf("empty serious list %q", got)
	}
	if got := eval[string](b, `document.querySelector('#pl-tabs a[aria-current]').dataset.list`); got != "serious" {
		t.Errorf("current tab %q", got)
	}
}

func staffCredit(t *testing.T, b *browser, srv *server, s creditSeed) {
	t.Helper()
	b.typeInto("#uscc", s.e1)
	b.key(kb.Enter)
	b.waitJS("staff file", `!document.getElementById("file").hidden && document.querySelectorAll("#events tbody tr").length > 0`)
	ids := rowIDs(b, "#events tbody")
	for _, id := range []string{s.published, s.simple, s.guidance, s.withdrawn} {
		if !has(ids, id) {
			t.Errorf("staff do not see event %s: %v", id, ids)
		}
	}
	withdrawn := `#events tr[data-id="` + s.withdrawn + `"]`
	if !eval[bool](b, `document.querySelector(`+jsString(withdrawn)+`).classList.contains("superseded")`) {
		t.Error("the withdrawn penalty is not marked superseded")
	}
	if got := b.text(withdrawn + " .badge"); got != "已被撤回" {
		t.Errorf("withdrawn penalty marked %q, want 已被撤回", got)
	}
	if got := b.text(`#events tr[data-id="` + s.simple + `"] .badge`); got != "不公示" {
		t.Errorf("simple penalty marked %q, want 不公示", got)
	}
	if got := b.text(`#events tr[data-id="` + s.published + `"] .badge`); got != "公示中" {
		t.Errorf("published penalty marked %q, want 公示中", got)
	}

	// List E1 on the abnormal list.
	b.focus("#list-reason")
	b.setValue("#list-reason", "unreachable")
	b.setValue("#list-date", "2026-03-02")
	b.typeInto("#list-basis", "《企业经营异常名录管理暂行办法》第四条第（四）项、第九条")
	b.click("#list-form button[type=submit]")
	b.waitJS("listed", `document.getElementById("action-done").textContent.startsWith("已列入经营异常名录")`)
	listing := eval[string](b, `document.querySelector("#file-lists li.listing.current")?.dataset.id ?? ""`)
	if !strings.HasPrefix(listing, "AB") {
		t.Fatalf("no current listing after listing: %q", listing)
	}
	if got := b.text(`#file-lists li[data-id="` + listing + `"]`); !strings.Contains(got, "通过登记的住所或者经营场所无法联系") || !strings.Contains(got, "2026-03-02") {
		t.Errorf("listing shown as %q", got)
	}
	b.waitJS("the staff list has it", `document.querySelector('#sl-table tbody tr[data-id="`+listing+`"]') !== null`)

	// The public sees it on the list.
	b.open(srv.URL + "/credit/lists?q=" + s.e1)
	if got := rowIDs(b, "#pl-table tbody"); len(got) != 1 || got[0] != listing {
		t.Errorf("public list for E1 shows %v, want [%s]", got, listing)
	}
	b.open(srv.URL + "/credit?uscc=" + s.e1)
	if got := b.text("#file-lists"); !strings.Contains(got, "经营异常名录") || !strings.Contains(got, "列入中") {
		t.Errorf("public file lists %q", got)
	}

	// Staff remove it: a reason is required first.
	b.open(srv.URL + "/staff/credit?uscc=" + s.e1)
	form := `#file-lists form.removal[data-id="` + listing + `"]`
	b.setValue(form+` input[type=date]`, "2026-03-02")
	b.click(form + " button[type=submit]")
	b.waitJS("reason required", `!document.querySelector(`+jsString(form+" .alert")+`).hidden`)
	if got := b.text(form + " .alert"); got != "请填写移出原因。" {
		t.Errorf("removal without a reason: %q", got)
	}
	b.typeInto(form+" textarea", "已重新取得联系，住所可以联系")
	b.click(form + " button[type=submit]")
	b.waitJS("removed", `document.getElementById("action-done").textContent === "已移出经营异常名录（`+listing+`）。"`)
	if got := b.text(`#file-lists li[data-id="` + listing + `"] .badge`); got != "已移出" {
		t.Errorf("listing after removal marked %q", got)
	}
	if b.visible(form) {
		t.Error("a removed listing still offers its removal")
	}
	b.open(srv.URL + "/credit/lists?q=" + s.e1)
	if !b.visible("#pl-empty") {
		t.Errorf("the removed listing is still on the public list: %v", rowIDs(b, "#pl-table tbody"))
	}

	// Guidance first: designate E1 as new economy, then a listing on a
	// reporting ground without a guidance notice is refused in Chinese. E1
	// (software, I65) is designated automatically already (supervision):
	// the box shows it checked, and staff confirm it by hand.
	b.open(srv.URL + "/staff/credit?uscc=" + s.e1)
	if got := b.text("#designation-now"); !strings.Contains(got, "自动认定") {
		t.Errorf("designation shown as %q, want the automatic designation", got)
	}
	if !eval[bool](b, `document.getElementById("designation-flag").checked`) {
		b.click("#designation-flag")
	}
	b.typeInto("#designation-reason", "人工智能应用研发，属新技术、新业态")
	b.click("#designation-form button[type=submit]")
	b.waitJS("designated", `document.getElementById("action-done").textContent === "已认定为新经济企业。"`)
	if got := b.text("#file-newecon"); !strings.HasPrefix(got, "是") {
		t.Errorf("new-economy shown as %q", got)
	}
	b.focus("#list-reason")
	b.setValue("#list-reason", "instant_info")
	b.setValue("#list-date", "2026-03-02")
	b.click("#list-form button[type=submit]")
	b.waitJS("refused", `!document.getElementById("list-error").hidden`)
	want := "未能办理：该企业为新经济（包容审慎监管）企业：以“未在责令的期限内公示有关企业信息”列入经营异常名录前，应先发出行政指导并待其期限届满（指导优先）"
	if got := b.text("#list-error"); !strings.HasPrefix(got, want) {
		t.Errorf("guidance-first refusal %q, want %q", got, want)
	}
	b.click("#to-guidance")
	if got := b.focused(); got != "guidance-text" {
		t.Errorf("focus after 前往发出行政指导 %q", got)
	}
	if got := eval[string](b, `document.getElementById("guidance-ground").value`); got != "instant_info" {
		t.Errorf("guidance ground %q, want instant_info", got)
	}
	b.typeInto("#guidance-text", "请于期限内通过国家企业信用信息公示系统公示股东出资信息")
	b.setValue("#guidance-deadline", "2026-03-16")
	b.click("#guidance-form button[type=submit]")
	b.waitJS("guidance issued", `document.getElementById("action-done").textContent.startsWith("已发出行政指导")`)
	if got := b.text("#action-done"); !strings.Contains(got, "期限至 2026-03-16") {
		t.Errorf("guidance confirmation %q", got)
	}

	// A penalty recorded from the page is published and shown to the public.
	b.typeInto("#penalty-no", "平市监罚〔2026〕21号")
	b.setValue("#penalty-date", "2026-02-27")
	b.typeInto("#penalty-violation", "未按规定标注食品生产日期")
	b.typeInto("#penalty-basis", "《中华人民共和国食品安全法》第一百二十五条")
	b.setValue("#penalty-domain", "food")
	b.typeInto("#penalty-items .pi-amount", "20000")
	b.click("#penalty-add")
	b.setValue("#penalty-items li:nth-child(2) .pi-kind", "confiscation")
	b.typeInto("#penalty-items li:nth-child(2) .pi-amount", "1500")
	b.click("#penalty-form button[type=submit]")
	b.waitJS("penalty recorded", `document.getElementById("action-done").textContent.startsWith("已记录行政处罚")`)
	ev, _, _ := strings.Cut(strings.TrimPrefix(b.text("#action-done"), "已记录行政处罚（"), "）")
	if got := b.text(`#events tr[data-id="` + ev + `"]`); !strings.Contains(got, "罚款 20000 元") || !strings.Contains(got, "没收违法所得、没收非法财物 1500 元") {
		t.Errorf("recorded penalty %s shown as %q", ev, got)
	}
	b.screenshot("staff-credit")
	b.mobile()
	b.noHorizontalScroll("staff credit file at 360 px")
	b.desktop()

	b.open(srv.URL + "/credit?uscc=" + s.e1)
	if !has(rowIDs(b, "#events tbody"), ev) {
		t.Errorf("the public does not see the penalty %s recorded from the page", ev)
	}
}

// phone runs the public pages at 360 px.
func phone(t *testing.T, b *browser, srv *server) {
	t.Helper()
	b.mobile()
	defer b.desktop()
	b.open(srv.URL + "/credit")
	b.typeInto("#uscc", uscc("91410400MA44XH001"))
	b.key(kb.Enter)
	b.waitJS("file on a phone", `!document.getElementById("file").hidden`)
	b.noHorizontalScroll("credit lookup at 360 px")
	// The rows stack: each cell names its column.
	if got := eval[string](b, `getComputedStyle(document.querySelector("#events tbody td"), "::before").content`); !strings.Contains(got, "日期") {
		t.Errorf("stacked cell label %q", got)
	}
	b.screenshot("credit-mobile")
	b.open(srv.URL + "/credit/lists?size=10")
	b.noHorizontalScroll("credit lists at 360 px")
	b.focus("#pl-next")
	b.key(kb.Enter)
	b.waitJS("page 2 with the keyboard", `document.getElementById("pl-status").textContent === "共 12 家企业，第 2 / 2 页"`)
}
