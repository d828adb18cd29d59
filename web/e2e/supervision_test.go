package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The supervision story in the staff page: a small software firm
// registered a year ago is designated automatically and in its grace
// period; staff issue a guidance measure and record its follow-up; a case
// without a recorded basis is refused in Chinese; with a basis it opens
// with its explained recommendation; the handler signs a penalty decision,
// cannot sign it a second time, and another member of staff's review makes
// it effective and writes the penalty to the credit file.
func TestSupervisionStory(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)
	u := uscc("91410400MA44NE201")
	srv.call(t, "POST", "/api/v1/enterprises", srv.Tokens["registrar"], map[string]any{
		"name": "平顶山市云帆智能科技有限公司", "uscc": u, "status": "active", "status_date": "2025-03-01", "industry_code": "I65",
		"authority_code": "410400", "established": "2025-03-01", "small_micro": true, "scope_codes": []string{"XI0001"},
	}, 201)

	signIn(t, b, srv, "/staff/supervision", "staff", false)
	b.open(srv.URL + "/staff/supervision?uscc=" + u)
	b.waitJS("profile", `!document.getElementById("profile").hidden`)
	if got := b.text("#profile-newecon"); !strings.HasPrefix(got, "是（自动认定）") || !strings.Contains(got, "互联网与现代信息技术服务") {
		t.Errorf("designation %q", got)
	}
	if got := b.text("#profile-grace"); got != "24 个月，至 2027-02-28（包容期内）" {
		t.Errorf("grace %q", got)
	}

	// A guidance measure and its follow-up visit.
	b.setValue("#measure-kind", "caution")
	b.typeInto("#measure-text", "请在网店首页显著位置公示营业执照信息")
	b.setValue("#measure-deadline", "2026-03-16")
	b.click("#measure-form button[type=submit]")
	b.waitJS("measure", `document.getElementById("measure-status").textContent.startsWith("已作出行政告诫")`)
	b.waitJS("measure listed", `document.querySelector("#measures li.measure form.follow-up") !== null`)
	id := eval[string](b, `document.querySelector("#measures li.measure").dataset.id`)
	form := `form.follow-up[data-id="` + id + `"]`
	b.click(form + " button[type=submit]")
	b.waitJS("notes required", `!document.querySelector(`+jsString(form+" .alert")+`).hidden`)
	b.setValue(form+" input[type=date]", "2026-03-02")
	b.setValue(form+" select", "corrected")
	b.typeInto(form+" textarea", "已公示营业执照信息")
	b.click(form + " button[type=submit]")
	b.waitJS("follow-up shown", `document.querySelector("#measures li.measure p.follow-up") !== null`)
	if got := b.text("#measures li.measure p.follow-up"); !strings.Contains(got, "已整改到位") {
		t.Errorf("follow-up %q", got)
	}

	// A case without a basis is refused; with one it opens.
	b.setValue("#case-violation", "ECO-002")
	b.typeInto("#case-facts", "网店首页未公示营业执照信息，经告诫后仍未改正")
	b.setValue("#case-harm", "serious")
	b.click("#case-form button[type=submit]")
	b.waitJS("case refused", `!document.getElementById("case-error").hidden`)
	if got := b.text("#case-error"); !strings.Contains(got, "无事不扰") {
		t.Errorf("refusal without basis %q", got)
	}
	b.typeInto("#basis-ref", "12315-2026-0302")
	b.typeInto("#basis-summary", "消费者投诉网店未公示营业执照")
	b.setValue("#basis-date", "2026-03-01")
	b.click("#basis-form button[type=submit]")
	b.waitJS("basis", `document.getElementById("case-basis").value.startsWith("SB")`)
	b.click("#case-form button[type=submit]")
	b.waitJS("case", `!document.getElementById("case").hidden`)
	if got := b.text("#rec-level"); got != "建议：从重处罚" {
		t.Errorf("recommendation %q", got)
	}
	if got := b.text("#rec-fine"); got != "建议罚款 76000 至 100000 元" {
		t.Errorf("fine %q", got)
	}
	if got := b.text("#rec-citations"); !strings.Contains(got, "《中华人民共和国电子商务法》") {
		t.Errorf("citations %q", got)
	}
	caseURL := eval[string](b, `location.pathname + location.search`)

	// The handler signs; the same person cannot review.
	b.setValue("#decide-level", "heavier")
	b.typeInto("#decide-fine", "80000")
	b.typeInto("#decide-reasons", "造成严重危害后果，经告诫仍未改正")
	b.click("#decide-form button[type=submit]")
	b.waitJS("drafted", `!document.getElementById("review-form").hidden`)
	b.typeInto("#review-opinion", "同意")
	b.typeInto("#review-no", "平市监处罚〔2026〕30号")
	b.click("#review-approve")
	b.waitJS("review refused", `!document.getElementById("review-error").hidden`)
	if got := b.text("#review-error"); !strings.Contains(got, "另一名执法人员") {
		t.Errorf("self-review %q", got)
	}

	// Another member of staff reviews.
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.ID("sign-out"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	b.waitJS("signed out", `location.pathname === "/staff/login"`)
	signIn(t, b, srv, "/staff/supervision", "staff2", false)
	b.open(srv.URL + caseURL)
	b.waitJS("case page", `!document.getElementById("review-form").hidden`)
	b.typeInto("#review-opinion", "事实清楚，证据确凿，裁量适当")
	b.typeInto("#review-no", "平市监处罚〔2026〕30号")
	b.click("#review-approve")
	b.waitJS("effective", `document.getElementById("review-status").textContent.startsWith("审核通过")`)
	if got := b.text("#decision-text"); !strings.Contains(got, "签署：张三、李四") || !strings.Contains(got, "2026-03-02 生效") {
		t.Errorf("decision %q", got)
	}
	file := srv.call(t, "GET", "/api/v1/credit/"+u, srv.Tokens["staff"], nil, 200)
	penalties := 0
	for _, ev := range file["events"].([]any) {
		if ev.(map[string]any)["kind"] == "penalty" {
			penalties++
		}
	}
	if penalties != 1 {
		t.Errorf("%d penalty events in the credit file, want 1", penalties)
	}

	// The page fits a phone.
	b.mobile()
	b.open(srv.URL + caseURL)
	b.waitJS("case on a phone", `!document.getElementById("case").hidden && !document.getElementById("profile").hidden`)
	b.noHorizontalScroll("the supervision page")
}
