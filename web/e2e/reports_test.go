package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"namescope/name"
)

// The reported-finding story: an applicant believes the similar-name
// warning wrong and reports it from the self-check page with the keyboard;
// staff sign in, find it first in the queue with the name, the finding, the
// note and the rules version, and confirm it as a misjudgement; a second
// report is rejected.
func TestReportedFindingStory(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)

	b.open(srv.URL + "/")
	b.typeInto("#name", "平顶山市星和科技有限公司")
	b.waitJS("warn verdict", `document.getElementById("verdict").dataset.verdict === "warn" && !document.getElementById("check-form").hasAttribute("aria-busy")`)
	finding := `#findings li[data-code="similar_name"]`
	toggle := finding + " .report-toggle"
	if got := b.text(toggle); got != "认为有误？报告" {
		t.Fatalf("report control %q", got)
	}
	if b.visible(finding + " .report-form") {
		t.Error("the report form is open before it is asked for")
	}

	// Open it with the keyboard: the note field gets the focus.
	b.do("focus the report control", chromedp.Focus(chromedp.CSS(toggle)))
	b.key(kb.Enter)
	b.waitJS("report form open", `!document.querySelector(`+jsString(finding+" .report-form")+`).hidden`)
	noteID := eval[string](b, `document.querySelector(`+jsString(finding+" textarea")+`).id`)
	if got := b.focused(); got != noteID {
		t.Errorf("focus after opening the form: %q, want the note %q", got, noteID)
	}
	if got := eval[string](b, `document.querySelector(`+jsString(toggle)+`).getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("aria-expanded of the open control %q", got)
	}
	// Escape closes it and gives the focus back; Enter opens it again.
	b.key(kb.Escape)
	b.waitJS("report form closed", `document.querySelector(`+jsString(finding+" .report-form")+`).hidden`)
	if got := eval[string](b, `document.activeElement.className`); !strings.Contains(got, "report-toggle") {
		t.Errorf("focus after Escape on %q, want the report control", got)
	}
	b.key(kb.Enter)
	b.waitJS("report form open again", `document.activeElement.id === `+jsString(noteID))

	// On a phone the open form fits the screen.
	b.mobile()
	b.noHorizontalScroll("report form at 360 px")
	b.desktop()

	note := "星和是申请人本人的名字，与星河无关"
	b.typeInto("#"+noteID, note)
	b.screenshot("check-report")
	b.key(kb.Tab) // to 提交报告
	if got := eval[string](b, `document.activeElement.textContent`); got != "提交报告" {
		t.Fatalf("Tab from the note goes to %q, want 提交报告", got)
	}
	b.key(kb.Enter)
	b.waitJS("report sent", `(document.querySelector(`+jsString(finding+" .report-done")+`)?.textContent ?? "") !== ""`)
	if got := b.text(finding + " .report-done"); got != "已提交，感谢反馈。工作人员会复核。" {
		t.Errorf("confirmation %q", got)
	}
	if b.visible(toggle) {
		t.Error("the report control is still offered after the report")
	}

	// It is in the store as the applicant sent it.
	queue := srv.call(t, "GET", "/api/v1/names/reports?state=open", srv.Tokens["staff"], nil, 200)
	list, _ := queue["reports"].([]any)
	if len(list) != 1 {
		t.Fatalf("open reports %v", queue)
	}
	r := list[0].(map[string]any)
	if r["name"] != "平顶山市星和科技有限公司" || r["finding_code"] != "similar_name" || r["note"] != note ||
		r["rules_version"] != name.RulesVersion() || r["authority_code"] != "410400" {
		t.Errorf("stored report %v", r)
	}
	// A second report, sent as an integrator would.
	srv.call(t, "POST", "/api/v1/names/reports", "", map[string]any{
		"name": "平顶山市星和科技有限公司", "authority_code": "410400", "finding_code": "similar_name",
		"note": "读音不同", "rules_version": name.RulesVersion(),
	}, 201)

	// Staff: the queue, linked from the other staff pages.
	signIn(t, b, srv, "/staff/reports", "staff", false)
	b.waitJS("queue loaded", `document.querySelectorAll("#reports tbody tr").length === 2`)
	if got := eval[string](b, `document.querySelector('nav a[href="/staff/reports"]').getAttribute("aria-current")`); got != "page" {
		t.Errorf("navigation marks the reports page %q", got)
	}
	row := `#reports tbody tr[data-id="1"]`
	for _, c := range []struct{ css, want string }{
		{row + ` td[data-label="名称"]`, "平顶山市星和科技有限公司"},
		{row + ` td[data-label="检查意见"] .finding-code`, "similar_name"},
		{row + ` td[data-label="申请人说明"]`, note},
		{row + ` td[data-label="规则版本"] code`, name.RulesVersion()},
		{row + ` td[data-label="报告"] time`, "2026-03-02"},
	} {
		if got := b.text(c.css); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.css, got, c.want)
		}
	}
	if got := b.text(row + ` td[data-label="检查意见"] p`); !strings.Contains(got, "相近") {
		t.Errorf("finding message in the queue %q", got)
	}
	b.mobile()
	b.noHorizontalScroll("report queue at 360 px")
	b.screenshot("staff-reports-mobile")
	b.desktop()
	b.screenshot("staff-reports")

	// Confirm the first with a note, by keyboard.
	b.typeInto("#resolve-note-1", "字号为申请人姓名，不构成相近")
	b.key(kb.Tab)
	if got := eval[string](b, `document.activeElement.textContent`); got != "确认误判" {
		t.Fatalf("Tab from the note goes to %q, want 确认误判", got)
	}
	b.key(kb.Enter)
	b.waitJS("confirmed", `document.querySelector(`+jsString(row)+`).dataset.state === "confirmed"`)
	if got := b.text(row + ` td[data-label="处理"]`); !strings.Contains(got, "已确认误判") || !strings.Contains(got, "字号为申请人姓名") {
		t.Errorf("decided row %q", got)
	}
	if got := b.text("#queue-status"); got != "第 1 号报告已确认误判。" {
		t.Errorf("status line %q", got)
	}
	// Reject the second.
	b.click(`#reports tbody tr[data-id="2"] button[data-action="reject"]`)
	b.waitJS("rejected", `document.querySelector('#reports tbody tr[data-id="2"]').dataset.state === "rejected"`)

	for id, want := range map[string]string{"1": "confirmed", "2": "rejected"} {
		page := srv.call(t, "GET", "/api/v1/names/reports?state="+want, srv.Tokens["staff"], nil, 200)
		list, _ := page["reports"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["id"] != id {
			t.Errorf("%s reports %v, want report %s", want, page, id)
		}
	}
	// The open queue is now empty, and says so.
	b.open(srv.URL + "/staff/reports")
	b.waitJS("empty queue", `!document.getElementById("queue-empty").hidden`)
	// The other staff pages link to the queue.
	b.open(srv.URL + "/staff/disputes")
	if !b.visible(`nav a[href="/staff/reports"]`) {
		t.Error("the dispute desk does not link to the reports")
	}
}
