package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	// The complaint was verified: its verification reaches the credit file.
	if !b.visible("#basis-verification") {
		t.Error("a complaint offers no verification")
	}
	b.setValue("#basis-verified-on", "2026-03-02")
	b.typeInto("#basis-finding", "经网络核查，网店首页确未公示营业执照信息")
	b.click("#basis-form button[type=submit]")
	b.waitJS("basis", `document.getElementById("case-basis").value.startsWith("SB")`)
	if got := b.text("#basis-status"); !strings.Contains(got, "核实情况已记入信用档案") {
		t.Errorf("basis status %q", got)
	}
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
	kinds := map[string]int{}
	for _, ev := range file["events"].([]any) {
		kinds[ev.(map[string]any)["kind"].(string)]++
	}
	if kinds["penalty"] != 1 || kinds["complaint"] != 1 {
		t.Errorf("%d penalty and %d complaint events in the credit file, want 1 and 1", kinds["penalty"], kinds["complaint"])
	}

	// The page fits a phone.
	b.mobile()
	b.open(srv.URL + caseURL)
	b.waitJS("case on a phone", `!document.getElementById("case").hidden && !document.getElementById("profile").hidden`)
	b.noHorizontalScroll("the supervision page")
}

// The new-economy register in the staff page: every designated firm,
// automatic or manual, with its grace period as of today; the filters
// alone and together, pages of twenty with the previous and next ones, a
// row that opens the enterprise; a staff key is not offered the catalogue
// tab; the tab fits a phone.
func TestNewEconomyRegisterPage(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)
	soft, old, food, shop := uscc("91410400MA44NE301"), uscc("91410400MA44NE302"), uscc("91410400MA44NE303"), uscc("91410400MA44NE304")
	for _, e := range []map[string]any{
		{"name": "平顶山市云栖智能科技有限公司", "uscc": soft, "industry_code": "I6513", "established": "2025-03-01", "small_micro": true},
		{"name": "平顶山市老码软件有限公司", "uscc": old, "industry_code": "I6513", "established": "2024-01-10"},
		{"name": "平顶山市新味餐饮有限公司", "uscc": food, "industry_code": "H62", "established": "2026-01-05"},
		{"name": "平顶山市好邻百货有限公司", "uscc": shop, "industry_code": "F5211", "established": "2026-01-05", "small_micro": true},
	} {
		e["status"], e["authority_code"] = "active", "410400"
		srv.call(t, "POST", "/api/v1/enterprises", srv.Tokens["registrar"], e, 201)
	}
	srv.call(t, "PUT", "/api/v1/enterprises/"+food+"/supervision", srv.Tokens["staff"],
		map[string]any{"new_economy": true, "reason": "中央厨房新业态，经认定纳入"}, 200)
	// Twenty-one robot makers: two pages of 先进制造业.
	trade := []rune("澄霁璟翊昕棠筠砚淳芮岚")
	var robots []string
	for i := 0; i < 21; i++ {
		u := uscc(fmt.Sprintf("91410400MA44RB%03d", i))
		robots = append(robots, u)
		name := "平顶山市" + string(trade[i%11]) + string(trade[(i/11+i+1)%11]) + "机器人有限公司"
		srv.call(t, "POST", "/api/v1/enterprises", srv.Tokens["registrar"], map[string]any{"name": name, "uscc": u, "status": "active",
			"industry_code": "C3491", "authority_code": "410400", "established": "2026-02-01", "small_micro": true}, 201)
	}

	signIn(t, b, srv, "/staff/supervision", "staff", false)
	if b.visible(`#sup-tabs a[data-tab="catalogue"]`) {
		t.Error("a staff key is offered the catalogue tab")
	}
	b.click(`#sup-tabs a[data-tab="register"]`)
	b.waitJS("register", `!document.getElementById("register").hidden && !document.getElementById("register-table").hidden`)
	if !b.visible("#register-next") || b.visible("#register-prev") || b.text("#register-page") != "第 1 页" {
		t.Errorf("first page: next %v, prev %v, %q", b.visible("#register-next"), b.visible("#register-prev"), b.text("#register-page"))
	}
	rows := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll("#register-table tbody tr")].map(r => r.dataset.uscc)`)
	}
	cell := func(u string, col int) string {
		return b.text(fmt.Sprintf(`#register-table tbody tr[data-uscc=%q] td:nth-child(%d)`, u, col))
	}
	filter := func(grace, category, source, small string) {
		t.Helper()
		b.setValue("#rg-grace", grace)
		b.setValue("#rg-category", category)
		b.setValue("#rg-source", source)
		b.setValue("#rg-small", small)
		before := eval[string](b, `document.querySelector("#register-table tbody").innerHTML`)
		b.click("#register-form button[type=submit]")
		b.waitJS("filtered", `document.getElementById("register-status").textContent === "" && (document.querySelector("#register-table tbody").innerHTML !== `+
			jsString(before)+` || !document.getElementById("register-empty").hidden)`)
	}

	filter("", "", "manual", "")
	if got := rows(); len(got) != 1 || got[0] != food {
		t.Fatalf("by hand: %v", got)
	}
	if got := cell(food, 3) + "|" + cell(food, 5) + "|" + cell(food, 7); got != "人工认定|否|12 个月，至 2027-01-04（包容期内）" {
		t.Errorf("manual row %q", got)
	}
	filter("false", "互联网与现代信息技术服务", "auto", "")
	if got := rows(); !slices.Contains(got, old) || slices.Contains(got, soft) || slices.Contains(got, food) {
		t.Errorf("automatic, grace over: %v", got)
	}
	if got := cell(old, 7); got != "12 个月，至 2025-01-09（已届满）" {
		t.Errorf("grace over %q", got)
	}
	filter("true", "互联网与现代信息技术服务", "auto", "true")
	if got := rows(); len(got) != 1 || got[0] != soft || cell(soft, 4) != "互联网与现代信息技术服务" {
		t.Errorf("small, automatic, in grace: %v", got)
	}
	filter("", "", "", "false")
	if got := rows(); slices.Contains(got, shop) || slices.Contains(got, soft) || !slices.Contains(got, old) {
		t.Errorf("not small or micro: %v", got)
	}

	// Two pages of robot makers.
	filter("", "先进制造业", "", "")
	b.screenshot("staff-supervision-register")
	if got := rows(); len(got) != 20 || !slices.Equal(got, robots[:20]) || b.text("#register-page") != "第 1 页" || !b.visible("#register-next") {
		t.Fatalf("page 1: %v", got)
	}
	b.click("#register-next")
	b.waitJS("page 2", `document.getElementById("register-page").textContent === "第 2 页"`)
	if got := rows(); len(got) != 1 || got[0] != robots[20] || b.visible("#register-next") || !b.visible("#register-prev") {
		t.Fatalf("page 2: %v", got)
	}
	b.click("#register-prev")
	b.waitJS("page 1 again", `document.getElementById("register-page").textContent === "第 1 页"`)
	if got := rows(); !slices.Equal(got, robots[:20]) {
		t.Fatalf("page 1 again: %v", got)
	}

	// The tab fits a phone.
	b.mobile()
	b.noHorizontalScroll("the new-economy register")
	b.screenshot("staff-supervision-register-mobile")
	b.desktop()

	// A row opens the enterprise.
	b.click(fmt.Sprintf(`#register-table tbody tr[data-uscc=%q] a`, robots[0]))
	b.waitJS("enterprise", `document.documentElement.dataset.ready === "true" && !document.getElementById("profile").hidden`)
	if got := b.text("#profile-newecon"); !strings.HasPrefix(got, "是（自动认定）") || !strings.Contains(got, "先进制造业") {
		t.Errorf("designation %q", got)
	}
	if b.visible("#register") {
		t.Error("the register is shown on the enterprise tab")
	}
}

// The violation catalogue in the staff page for an admin key: the versions
// with the one in force, an upload refused with the line and column of its
// fault, an upload in force as a new version, and the embedded file
// restored as another.
func TestViolationCataloguePage(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)
	raw, err := os.ReadFile("../../supervision/data/violations.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	eco := ""
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "ECO-002,") {
			eco = l
		}
	}
	f := strings.Split(eco, ",")
	f[8] = "150000"
	good := strings.Replace(text, eco, strings.Join(f, ","), 1)
	f[8] = "15万"
	bad := strings.Replace(text, eco, strings.Join(f, ","), 1)
	dir := t.TempDir()
	goodFile, badFile := filepath.Join(dir, "目录-新.csv"), filepath.Join(dir, "目录-错.csv")
	for p, s := range map[string]string{goodFile: good, badFile: bad} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	signIn(t, b, srv, "/staff/supervision", "admin", false)
	b.waitJS("catalogue tab offered", `!document.querySelector('#sup-tabs a[data-tab="catalogue"]').hidden`)
	b.click(`#sup-tabs a[data-tab="catalogue"]`)
	b.waitJS("catalogue", `!document.getElementById("catalogue").hidden`)
	versions := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll("#versions tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()).join("|"))`)
	}
	if got := versions(); len(got) != 1 || !strings.HasPrefix(got[0], "第 0 版|程序内置|—|—|") || !strings.HasSuffix(got[0], "|现行版本") {
		t.Fatalf("versions before any import: %v", got)
	}

	b.click("#catalogue-form button[type=submit]")
	b.waitJS("file required", `!document.getElementById("catalogue-error").hidden`)
	b.do("choose the faulty file", chromedp.SetUploadFiles(chromedp.CSS("#catalogue-file"), []string{badFile}))
	b.click("#catalogue-form button[type=submit]")
	b.waitJS("refused", `document.getElementById("catalogue-error").textContent.includes("未导入")`)
	if got := b.text("#catalogue-error"); !strings.Contains(got, "ECO-002") || !strings.Contains(got, "fine_max 列") || !strings.Contains(got, "第 ") {
		t.Errorf("refusal %q", got)
	}

	b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#catalogue-file"), []string{goodFile}))
	b.click("#catalogue-form button[type=submit]")
	b.waitJS("imported", `document.getElementById("catalogue-status").textContent.startsWith("已导入为第 1 版")`)
	b.waitJS("two versions", `document.querySelectorAll("#versions tbody tr").length === 2`)
	got := versions()
	if !strings.HasPrefix(got[0], "第 1 版|导入|管理员密钥 ") || !strings.HasSuffix(got[0], "|现行版本") || !strings.HasSuffix(got[1], "|恢复第 0 版") {
		t.Fatalf("versions after the import: %v", got)
	}
	if st := srv.call(t, "GET", "/api/v1/violations", srv.Tokens["staff"], nil, 200); fmt.Sprint(st["catalogue"].(map[string]any)["version"]) != "1" {
		t.Fatalf("catalogue in force %v", st["catalogue"])
	}

	b.click(`#versions button.restore[data-version="0"]`)
	b.waitJS("restored", `document.getElementById("catalogue-status").textContent.startsWith("已将第 0 版恢复为第 2 版")`)
	b.waitJS("three versions", `document.querySelectorAll("#versions tbody tr").length === 3`)
	if got := versions(); !strings.HasPrefix(got[0], "第 2 版|恢复自第 0 版|管理员密钥 ") || !strings.HasSuffix(got[0], "|现行版本") ||
		!strings.HasSuffix(got[1], "|恢复第 1 版") {
		t.Fatalf("versions after the restore: %v", got)
	}
	b.screenshot("staff-supervision-catalogue")
	cat := srv.call(t, "GET", "/api/v1/violations", srv.Tokens["staff"], nil, 200)["catalogue"].(map[string]any)
	if fmt.Sprint(cat["version"], cat["restored_from"]) != "2 0" {
		t.Fatalf("catalogue in force %v", cat)
	}

	b.mobile()
	b.noHorizontalScroll("the catalogue versions")
}
