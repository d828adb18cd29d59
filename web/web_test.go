package web

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"namescope/config"
)

func get(t *testing.T, app *fiber.App, path string, header ...string) (int, map[string]string, string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	h := map[string]string{}
	for k := range resp.Header {
		h[k] = resp.Header.Get(k)
	}
	return resp.StatusCode, h, string(b)
}

func TestPagesAndAssets(t *testing.T) {
	app := fiber.New()
	app.Get("/api/v1/names/check", func(c *fiber.Ctx) error { return c.SendString("api") })
	Mount(app, nil)

	for route, file := range pages {
		path := strings.ReplaceAll(route, ":id", "D1")
		code, h, body := get(t, app, path)
		if code != 200 {
			t.Fatalf("%s (%s): %d", path, file, code)
		}
		if h["Content-Type"] != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", path, h["Content-Type"])
		}
		if !strings.Contains(h["Content-Security-Policy"], "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, h["Content-Security-Policy"])
		}
		if !strings.Contains(body, `<html lang="zh-CN">`) || !strings.Contains(body, `name="viewport"`) {
			t.Errorf("%s: not a Chinese page for phones", path)
		}
		// Nothing from elsewhere: every src and href is local.
		for _, m := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			if strings.Contains(m[1], "//") {
				t.Errorf("%s refers to %s", path, m[1])
			}
		}
	}

	code, h, body := get(t, app, "/assets/common.js")
	if code != 200 || h["Content-Type"] != "text/javascript; charset=utf-8" || !strings.Contains(body, "export async function api") {
		t.Fatalf("common.js: %d %q", code, h["Content-Type"])
	}
	if code, _, _ := get(t, app, "/assets/common.js", "If-None-Match", h["Etag"]); code != 304 {
		t.Errorf("revalidation with the ETag: %d, want 304", code)
	}
	if code, _, body := get(t, app, "/api/v1/names/check"); code != 200 || body != "api" {
		t.Errorf("the API lost its route: %d %q", code, body)
	}
	if code, _, _ := get(t, app, "/nothing-here"); code != 404 {
		t.Errorf("unknown path: %d, want 404 (no catch-all)", code)
	}
	if code, h, _ := get(t, app, "/staff"); code != 302 || h["Location"] == "" {
		t.Errorf("/staff: %d %q", code, h["Location"])
	}
}

func TestMeta(t *testing.T) {
	app := fiber.New()
	Mount(app, nil)
	code, _, body := get(t, app, "/assets/meta.json")
	if code != 200 {
		t.Fatal(code)
	}
	var m MetaData
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	if m.DefaultAuthority != "410400" || len(m.Authorities) < 10 || m.Authorities[0].Code != "410400" {
		t.Errorf("authorities: %+v", m.Authorities)
	}
	labels := map[string]string{}
	for _, a := range m.Authorities {
		labels[a.Code] = a.Label
	}
	if labels["410411"] != "平顶山市湛河区" || labels["410482"] != "平顶山市汝州市" {
		t.Errorf("division labels: %v", labels)
	}
	if len(m.EntTypes) != 6 || m.EntTypes[0].Label != "有限责任公司" {
		t.Errorf("enterprise types: %+v", m.EntTypes)
	}
	if len(m.Industries) != 20 {
		t.Errorf("%d GB/T 4754 sections, want 20", len(m.Industries))
	}
	found := false
	for _, g := range m.Industries {
		for _, d := range g.Divisions {
			if d.Code == "I65" && strings.Contains(d.Label, "软件") {
				found = true
			}
		}
	}
	if !found {
		t.Error("division I65 missing")
	}
	if !strings.HasPrefix(m.Commitment, "本申请人承诺") {
		t.Errorf("commitment %q", m.Commitment)
	}
}

// Every script the pages load exists, and every module import resolves.
func TestScriptsResolve(t *testing.T) {
	root, _ := fs.Sub(static, "static")
	files := map[string]bool{}
	_ = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files["/"+p] = true
		}
		return nil
	})
	src := regexp.MustCompile(`<script type="module" src="([^"]+)"`)
	imp := regexp.MustCompile(`from '\./([^']+)'`)
	for f := range files {
		b, _ := fs.ReadFile(root, strings.TrimPrefix(f, "/"))
		switch {
		case strings.HasSuffix(f, ".html"):
			for _, m := range src.FindAllStringSubmatch(string(b), -1) {
				if !files[m[1]] {
					t.Errorf("%s loads missing %s", f, m[1])
				}
			}
		case strings.HasSuffix(f, ".js"):
			for _, m := range imp.FindAllStringSubmatch(string(b), -1) {
				if !files["/assets/"+m[1]] {
					t.Errorf("%s imports missing %s", f, m[1])
				}
			}
		}
	}
}

// TestAuthorities: the pages and their metadata name the authorities
// served, the default one first, and no other city.
func TestAuthorities(t *testing.T) {
	zhengzhou := config.Authority{Code: "410100", Name: "郑州市", Bureau: "郑州市市场监督管理局", Title: "郑州市企业名称自主申报"}
	pingdingshan := config.Default().Authorities[0]
	pingdingshan.Default = false
	tests := []struct {
		name        string
		authorities []config.Authority
		wantDefault string
		wantFirst   []string // leading authority options: code label
		want        map[string][]string
		absent      string
	}{
		{
			name: "default configuration", wantDefault: "410400",
			wantFirst: []string{"410400 平顶山市（全市）", "410402 平顶山市新华区"},
			want: map[string][]string{
				"/":               {"<title>企业名称自查 · 平顶山市企业名称自主申报</title>", `<option value="410400">平顶山市（全市）</option>`, "例如：平顶山市星和科技有限公司"},
				"/staff/registry": {"查询范围为平顶山市登记机关辖区", "平顶山市星河科技有限公司或 91410400MA44XH001"},
			},
			absent: "郑州",
		},
		{
			name: "郑州市 alone", authorities: []config.Authority{zhengzhou}, wantDefault: "410100",
			wantFirst: []string{"410100 郑州市（全市）", "410102 郑州市中原区"},
			want: map[string][]string{
				"/":               {"<title>企业名称自查 · 郑州市企业名称自主申报</title>", `<option value="410100">郑州市（全市）</option>`, "例如：郑州市星和科技有限公司"},
				"/staff/registry": {"查询范围为郑州市登记机关辖区", "或 91410100MA44XH001"},
			},
			absent: "平顶山",
		},
		{
			name: "two cities, 郑州市 the default", authorities: []config.Authority{pingdingshan, {Code: "410100", Name: "郑州市", Default: true, Title: "郑州市企业名称自主申报"}},
			wantDefault: "410100", wantFirst: []string{"410400 平顶山市（全市）"},
			want: map[string][]string{"/": {"<title>企业名称自查 · 郑州市企业名称自主申报</title>"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := fiber.New()
			Mount(app, tt.authorities)
			for path, wants := range tt.want {
				_, _, body := get(t, app, path)
				for _, w := range wants {
					if !strings.Contains(body, w) {
						t.Errorf("%s lacks %q", path, w)
					}
				}
				if tt.absent != "" && strings.Contains(body, tt.absent) {
					t.Errorf("%s names %s", path, tt.absent)
				}
			}
			_, _, body := get(t, app, "/assets/meta.json")
			var m MetaData
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatal(err)
			}
			if m.DefaultAuthority != tt.wantDefault {
				t.Errorf("default_authority = %s, want %s", m.DefaultAuthority, tt.wantDefault)
			}
			for i, w := range tt.wantFirst {
				if i >= len(m.Authorities) || m.Authorities[i].Code+" "+m.Authorities[i].Label != w {
					t.Errorf("authority option %d: %+v, want %s", i, m.Authorities, w)
					break
				}
			}
			if tt.absent != "" && strings.Contains(body, tt.absent) {
				t.Errorf("meta.json names %s", tt.absent)
			}
			if len(tt.authorities) == 2 {
				found := false
				for _, o := range m.Authorities {
					found = found || o.Code == "410102"
				}
				if !found {
					t.Error("the second city's districts are missing")
				}
			}
		})
	}
}

// Every staff page but the sign-in leads to the supervision page from its
// navigation, and marks only itself as the current page.
func TestStaffNavigation(t *testing.T) {
	app := fiber.New()
	Mount(app, nil)
	for route := range pages {
		if !strings.HasPrefix(route, "/staff/") || route == "/staff/login" {
			continue
		}
		path := strings.ReplaceAll(route, ":id", "D1")
		_, _, body := get(t, app, path)
		start, end := strings.Index(body, `<nav aria-label="工作人员导航">`), strings.Index(body, "</nav>")
		if start < 0 || end < start {
			t.Fatalf("%s: no staff navigation", path)
		}
		nav := body[start:end]
		if !strings.Contains(nav, `<a href="/staff/supervision"`) {
			t.Errorf("%s: navigation does not lead to /staff/supervision", path)
		}
		if strings.Count(nav, `aria-current="page"`) > 1 {
			t.Errorf("%s: navigation marks several current pages", path)
		}
	}
}
