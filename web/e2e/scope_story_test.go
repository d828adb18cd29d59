package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pickScope searches the catalogue in everyday words, adds two entries,
// makes the licensed one the main business with the keyboard and back with
// a button, reads the licences and departments, and copies the text.
func pickScope(t *testing.T, b *browser) {
	t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.ID("next-scope"))); err != nil {
		t.Fatalf("go to the scope picker: %v", err)
	}
	b.waitJS("scope page", `location.pathname === "/scope" && document.documentElement.dataset.ready === "true"`)
	if got := b.text("#for-name"); !strings.Contains(got, "平顶山市星和科技有限公司") {
		t.Errorf("the scope page does not name the checked name: %q", got)
	}

	b.typeInto("#scope-q", "软件开发")
	b.waitJS("hits for 软件开发", `document.querySelector('#hits li[data-code="XI0001"]') !== null`)
	if got := b.text(`#hits li[data-code="XI0001"] .hl mark`); got != "软件开发" {
		t.Errorf("hit highlight %q", got)
	}
	b.click(`#hits li[data-code="XI0001"] button`)
	b.waitJS("composed text", `document.getElementById("scope-text").textContent.startsWith("一般项目：软件开发")`)

	b.typeInto("#scope-q", "开民宿")
	b.waitJS("hits for 开民宿", `document.querySelector('#hits li[data-code="XH0001"]') !== null`)
	b.click(`#hits li[data-code="XH0001"] button`)
	b.waitJS("two entries", `document.querySelectorAll("#chosen li").length === 2 && document.getElementById("scope-text").textContent.includes("许可项目：住宿服务")`)
	if got := b.text(`#chosen li:first-child`); !strings.Contains(got, "主营") || !strings.Contains(got, "软件开发") {
		t.Errorf("first entry %q, want 软件开发 as 主营", got)
	}

	// Keyboard: focus the second entry, Alt+↑ makes it the main business.
	b.do("focus 住宿服务", chromedp.Focus(chromedp.CSS(`#chosen li[data-code="XH0001"]`)))
	b.key(kb.ArrowUp, chromedp.KeyModifiers(chromedp.ModifierAlt))
	b.waitJS("licensed block first", `document.getElementById("scope-text").textContent.startsWith("许可项目：住宿服务")`)
	if got := eval[string](b, `document.activeElement.dataset.code`); got != "XH0001" {
		t.Errorf("focus after moving: %q, want the moved entry", got)
	}
	if got := b.text("#licenses tbody"); !strings.Contains(got, "旅馆业特种行业许可") {
		t.Errorf("licences %q", got)
	}
	if got := b.text("#departments"); !strings.Contains(got, "公安机关") {
		t.Errorf("departments %q", got)
	}
	b.screenshot("scope")

	// Buttons: 软件开发 back to the top.
	b.click(`#chosen li[data-code="XI0001"] button[aria-label^="上移"]`)
	b.waitJS("general block first again", `document.getElementById("scope-text").textContent.startsWith("一般项目：软件开发")`)

	b.click("#copy")
	b.waitJS("copied", `document.getElementById("copy-status").textContent !== ""`)
	if got := b.text("#copy-status"); got != "已复制到剪贴板" {
		t.Errorf("copy status %q", got)
	}

	b.mobile()
	b.noHorizontalScroll("scope picker at 360 px")
	b.desktop()
}
