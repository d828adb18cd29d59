package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"namescope/registry"
)

// signIn opens a staff page without a key, is sent to the sign-in page
// and signs in with the key of who ("staff" or "staff2"). The first time
// (refusals true) it is refused with a wrong key and a registrar's key.
func signIn(t *testing.T, b *browser, srv *server, page, who string, refusals bool) {
	t.Helper()
	b.open(srv.URL + page)
	if got := eval[string](b, `location.pathname`); got != "/staff/login" {
		t.Fatalf("without a key %s leads to %s, want /staff/login", page, got)
	}
	if refusals {
		signInRefusals(t, b, srv)
	}
	b.typeInto("#staff-key", srv.Tokens[who])
	if _, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	b.waitJS("signed in", `document.documentElement.dataset.ready === "true" && location.pathname === `+jsString(page))
}

func signInRefusals(t *testing.T, b *browser, srv *server) {
	t.Helper()
	b.typeInto("#staff-key", "not-a-key")
	b.key(kb.Enter)
	b.waitJS("wrong key refused", `!document.getElementById("login-error").hidden`)
	if got := b.text("#login-error"); got != "密钥不正确或已被吊销，请核对后重新输入。" {
		t.Errorf("wrong-key message %q", got)
	}

	b.typeInto("#staff-key", srv.Tokens["registrar"])
	b.key(kb.Enter)
	b.waitJS("registrar key refused", `!document.getElementById("login-error").hidden && document.getElementById("login-error").textContent.includes("不是工作人员密钥")`)
}

// uscc completes a 17-character code with its check character.
func uscc(first17 string) string { return first17 + string(registry.USCCCheckChar(first17)) }

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// The staff story: sign in, look an enterprise up in the registry, then
// work a name dispute through its steps to a ruling signed by two staff.
func TestStaffStory(t *testing.T) {
	b := newBrowser(t)
	srv := startServer(t)
	cases := fileDisputes(t, srv)
	signIn(t, b, srv, "/staff/registry", "staff", true)
	lookup(t, b)
	workDispute(t, b, srv, cases)
}

// lookup searches the registry by 字号 and by code and opens a record with
// its history.
func lookup(t *testing.T, b *browser) {
	t.Helper()
	b.typeInto("#q", "星河")
	b.key(kb.Enter)
	b.waitJS("search results", `document.querySelectorAll("#results tbody tr").length > 0`)
	row := `#results tbody tr[data-id="` + uscc("91410400MA44XH001") + `"]`
	if got := b.text(row + " td"); got != "平顶山市星河科技有限公司" {
		t.Fatalf("first column of the E1 row %q", got)
	}
	if got := b.text(row + " .badge"); got != "存续" {
		t.Errorf("status of E1 %q", got)
	}
	b.click(row + " button")
	b.waitJS("history loaded", `document.querySelectorAll("#history li strong").length > 0`)
	if got := b.text("#detail-title"); got != "平顶山市星河科技有限公司" {
		t.Errorf("detail title %q", got)
	}
	if got := b.text("#history li strong"); got != "新登记" {
		t.Errorf("history entry %q, want 新登记", got)
	}
	if got := b.focused(); got != "detail" {
		t.Errorf("focus after opening the detail: %q, want detail", got)
	}
	b.screenshot("staff-registry")

	// By unified social credit code, and the link keeps the search.
	e4 := uscc("91410400MA44XH004")
	b.typeInto("#q", e4)
	b.key(kb.Enter)
	b.waitJS("search by code", `document.querySelector('#results tbody tr[data-id="`+e4+`"]') !== null && document.querySelectorAll("#results tbody tr").length === 1`)
	if got := b.text("#results tbody tr .badge"); got != "已注销" {
		t.Errorf("status of E4 %q, want 已注销", got)
	}
	if got := eval[string](b, `location.search`); !strings.Contains(got, "q="+e4) {
		t.Errorf("the address does not keep the search: %q", got)
	}

	b.mobile()
	b.noHorizontalScroll("registry lookup at 360 px")
	b.desktop()

}
