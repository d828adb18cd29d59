package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// disputeCases are the cases the staff story works on.
type disputeCases struct {
	overdue, main  string // case ids
	respondentUSCC string
	respondentName string
}

// fileDisputes sets up, over HTTP as the other systems would, a name that
// was reserved with the commitment and registered, a dispute about it
// filed today by the enterprise with the earlier name, and an older case
// whose acceptance is overdue.
func fileDisputes(t *testing.T, srv *server) disputeCases {
	t.Helper()
	c := disputeCases{respondentUSCC: uscc("91410400MA44XH010"), respondentName: "平顶山市星和科技有限公司"}

	// Three weeks ago, across the Spring Festival: a case nobody accepted.
	srv.Clock.Set(today.AddDate(0, 0, -21))
	old := srv.call(t, "POST", "/api/v1/disputes", "", map[string]any{
		"applicant":       map[string]any{"name": "平顶山市金鼎餐饮管理有限公司", "uscc": uscc("91410400MA44XH002")},
		"respondent_uscc": uscc("91410400MA44XH005"),
		"claims":          "请求责令被申请人停止使用其名称",
		"facts":           "被申请人名称与申请人名称相近，造成误认。",
	}, 201)
	c.overdue = old["id"].(string)
	srv.Clock.Set(today)

	// The respondent's name: reserved with the commitment, then registered.
	res := srv.call(t, "POST", "/api/v1/names/reservations", "", map[string]any{
		"name": c.respondentName, "authority_code": "410400", "ent_type": "limited_company",
		"applicant": "李四", "commitment": true, "commitment_text": commitmentText(t, srv),
	}, 201)
	srv.call(t, "POST", "/api/v1/names/reservations/"+res["id"].(string)+"/registration", srv.Tokens["registrar"],
		map[string]any{"uscc": c.respondentUSCC, "industry_code": "I65"}, 201)

	// The enterprise with the earlier name files, with one evidence file.
	filed := srv.call(t, "POST", "/api/v1/disputes", "", map[string]any{
		"applicant":       map[string]any{"name": "平顶山市星河科技有限公司", "uscc": uscc("91410400MA44XH001"), "contact": "0375-7654321"},
		"respondent_uscc": c.respondentUSCC,
		"claims":          "请求裁决被申请人停止使用“星和”字号",
		"facts":           "申请人自 2019 年起使用“星河”字号经营软件业务；被申请人字号“星和”与之读音相同，客户多次误认。",
		"evidence":        []map[string]any{{"filename": "客户来函.txt", "content_type": "text/plain", "data": []byte("客户来函：误将星和公司认作星河公司。")}},
	}, 201)
	c.main = filed["id"].(string)
	return c
}

// commitmentText is the exact text a similar name needs, as the server
// says it.
func commitmentText(t *testing.T, srv *server) string {
	t.Helper()
	out := srv.call(t, "POST", "/api/v1/names/reservations", "", map[string]any{
		"name": "平顶山市星和科技有限公司", "authority_code": "410400", "applicant": "李四",
	}, 409)
	s, _ := out["commitment_text"].(string)
	if s == "" {
		t.Fatalf("no commitment text in the refusal: %v", out)
	}
	return s
}

// step fills and submits the form of a workflow step on the case page and
// waits for the case to reach the state whose label is want.
func step(t *testing.T, b *browser, key string, fields map[string]string, want string) {
	t.Helper()
	form := `form[data-step="` + key + `"]`
	b.waitJS("form "+key, `document.querySelector('`+form+`') !== null`)
	for id, v := range fields {
		if strings.HasPrefix(v, "radio:") {
			b.click("#" + id + "-" + strings.TrimPrefix(v, "radio:"))
			continue
		}
		b.typeInto("#"+id, v)
	}
	b.click(form + ` button[type="submit"]`)
	b.waitJS("state "+want, `document.querySelector("#case-title .badge")?.textContent === `+jsString(want)+
		` && !document.getElementById("step-done").hidden`)
}

// workDispute takes the main case from receipt to a signed ruling.
func workDispute(t *testing.T, b *browser, srv *server, c disputeCases) {
	t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(`header nav a[href="/staff/disputes"]`))); err != nil {
		t.Fatalf("open the dispute desk: %v", err)
	}
	b.waitJS("queue", `document.querySelectorAll("#queue tbody tr").length === 2`)
	rows := eval[[]string](b, `[...document.querySelectorAll("#queue tbody tr")].map(r => r.dataset.id)`)
	if rows[0] != c.overdue || rows[1] != c.main {
		t.Errorf("queue order %v, want the overdue case %s first", rows, c.overdue)
	}
	if got := b.text(`#queue tbody tr[data-id="` + c.overdue + `"] .badge`); got != "逾期" {
		t.Errorf("overdue case badge %q", got)
	}
	b.screenshot("staff-disputes")
	b.mobile()
	b.noHorizontalScroll("dispute queue at 360 px")
	b.desktop()

	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(`#queue a[href="/staff/disputes/`+c.main+`"]`))); err != nil {
		t.Fatalf("open the case: %v", err)
	}
	b.waitJS("case page", `document.documentElement.dataset.ready === "true" && !document.getElementById("case").hidden`)
	if got := b.text("#side-applicant .nm"); got != "平顶山市星河科技有限公司" {
		t.Errorf("applicant's name %q", got)
	}
	if got := b.text("#side-respondent .nm"); got != c.respondentName {
		t.Errorf("respondent's name %q", got)
	}
	if got := b.text("#side-respondent .nm mark"); got != "星和" {
		t.Errorf("respondent's 字号 marked %q", got)
	}
	if got := b.text(`#report-reasons li[data-code="homophone"]`); !strings.Contains(got, "读音相同") {
		t.Errorf("similarity evidence %q", got)
	}
	if got := b.text("#evidence li"); !strings.Contains(got, "客户来函.txt") {
		t.Errorf("evidence %q", got)
	}
	b.screenshot("staff-case")
	b.mobile()
	b.noHorizontalScroll("case page at 360 px")
	b.desktop()

	step(t, b, "accept", map[string]string{"step-accept-note": "材料齐全，予以受理"}, "已受理、待送达")
	step(t, b, "serve", map[string]string{"step-serve-note": "邮寄送达"}, "已送达、答辩期")
	if !b.visible("#token-once") || b.text("#respondent-token") == "" {
		t.Error("serving the copy shows no respondent token")
	}
	step(t, b, "answer", map[string]string{"step-answer-answer": "“星和”系独立创作，不构成近似。"}, "已答辩")
	step(t, b, "mediation", map[string]string{"step-mediation-result": "radio:failure", "step-mediation-text": "双方未达成一致"}, "调解不成")
	step(t, b, "ruling", map[string]string{"step-ruling-reasons": "两字号读音相同，足以引起误认。"}, "裁决待签署")

	// The drafter cannot sign: the refusal is shown in words.
	b.click(`form[data-step="sign"] button[type="submit"]`)
	b.waitJS("sign refused", `!document.getElementById("step-sign-error").hidden`)
	if got := b.text("#step-sign-error"); !strings.Contains(got, "两名不同的办案人员") {
		t.Errorf("refusal to sign one's own draft: %q", got)
	}

	// A second member of staff signs.
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.ID("sign-out"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	b.waitJS("signed out", `location.pathname === "/staff/login" && sessionStorage.getItem("namescope.staffKey") === null`)
	signIn(t, b, srv, "/staff/disputes/"+c.main, "staff2", false)
	b.waitJS("case page", `!document.getElementById("case").hidden`)
	step(t, b, "sign", nil, "裁决责令停止使用名称")
	if got := b.text("#ruling-title"); got != "裁决（已生效）" {
		t.Errorf("ruling title %q", got)
	}
	due := today.AddDate(0, 0, 30).Format("2006-01-02")
	if got := b.text("#ruling"); !strings.Contains(got, due) {
		t.Errorf("ruling %q does not give the change deadline %s", got, due)
	}
	// The signatures name their holders: 张三 drafted, 李四 signed.
	if got := b.text("#ruling"); !strings.Contains(got, "张三（登记注册科）") || !strings.Contains(got, "张三（登记注册科）、李四（登记注册科）") {
		t.Errorf("ruling %q does not name the two signers", got)
	}
	if got := b.text(`#timeline li[data-action="sign_order"]`); !strings.Contains(got, "李四（登记注册科）") {
		t.Errorf("timeline %q does not name the signer", got)
	}
	if !b.visible("#no-steps") {
		t.Error("a closed case still offers steps")
	}
	b.screenshot("staff-case-ruled")

	// The overdue case: ask once for the missing material.
	b.open(srv.URL + "/staff/disputes/" + c.overdue)
	b.waitJS("overdue case", `!document.getElementById("case").hidden`)
	if got := b.text("#next-due"); !strings.Contains(got, "已逾期") {
		t.Errorf("overdue case deadline %q", got)
	}
	step(t, b, "request-material", map[string]string{"step-request-material-missing": "请补充申请人营业执照复印件"}, "已告知补正材料")

	// The order is real: the public name status shows the code, not the name.
	st := srv.call(t, "GET", "/api/v1/enterprises/"+c.respondentUSCC+"/name-status", "", nil, 200)
	if st["state"] != "ordered_to_change" || st["masked"] != true {
		t.Errorf("respondent's name status after the ruling: %v", st)
	}
}
