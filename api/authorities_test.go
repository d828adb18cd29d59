package api_test

import (
	"strings"
	"testing"

	"namescope/auth"
	"namescope/config"
	"namescope/dict"
	"namescope/internal/testenv"
)

// TestAuthoritiesDefault: with no configuration the service answers for
// the default city, as before the configuration existed.
func TestAuthoritiesDefault(t *testing.T) {
	te := testenv.New(t, testenv.Options{NoWellKnownMarks: true, Keys: []testenv.Key{}})
	status, _, raw := te.Do(t, "GET", "/api/v1/authorities", "", nil)
	want := `{"default":"410400","authorities":[{"code":"410400","name":"平顶山市","bureau":"平顶山市市场监督管理局"}]}`
	if status != 200 || string(raw) != want {
		t.Errorf("GET /api/v1/authorities: %d %s\nwant %s", status, raw, want)
	}
}

// zhengzhou is a configuration of another city, the way a bureau writes
// it: the code, and the title of its own 字号 protection measure.
func zhengzhou(t *testing.T, extra string) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte("[[authorities]]\ncode = \"410100\"\nprotection_rule = \"郑州市测试字号保护措施\"\n" + extra))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSecondCity serves 郑州市 (410100) end to end through the real
// application: its authorities, its checks and messages, its registry
// scope and its pages name 郑州市 and never 平顶山.
func TestSecondCity(t *testing.T) {
	te := testenv.New(t, testenv.Options{NoWellKnownMarks: true, Config: zhengzhou(t, "[server]\nrestrict_to_served = true\n")})
	noPingdingshan := func(t *testing.T, what string, raw []byte) {
		t.Helper()
		if strings.Contains(string(raw), "平顶山") {
			t.Errorf("%s names 平顶山: %s", what, raw)
		}
	}
	check := func(t *testing.T, name, authority string) (int, map[string]any) {
		t.Helper()
		status, out, raw := te.Do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": name, "authority_code": authority})
		noPingdingshan(t, name, raw)
		return status, out
	}

	t.Run("authorities", func(t *testing.T) {
		status, _, raw := te.Do(t, "GET", "/api/v1/authorities", "", nil)
		want := `{"default":"410100","authorities":[{"code":"410100","name":"郑州市","bureau":"郑州市市场监督管理局"}]}`
		if status != 200 || string(raw) != want {
			t.Errorf("%d %s\nwant %s", status, raw, want)
		}
	})
	t.Run("a check with the default authority", func(t *testing.T) {
		status, out := check(t, "郑州市星河科技有限公司", "410100")
		if status != 200 || out["verdict"] != "pass" || out["scope"] != "410100" {
			t.Errorf("%d %v", status, out)
		}
	})
	t.Run("messages give the city as the example", func(t *testing.T) {
		tests := []struct {
			name, code, want string
		}{
			{"星河远航科技有限公司", "no_region", "如“郑州市”"},
			{"高新区星河科技有限公司", "dev_zone_alone", "如“郑州市高新区”或写作“郑州高新区”"},
		}
		for _, tt := range tests {
			t.Run(tt.code, func(t *testing.T) {
				_, out := check(t, tt.name, "410100")
				f := findingOf(out, tt.code)
				if f == nil || !strings.Contains(f["message"].(string), tt.want) {
					t.Errorf("%s: finding %s = %v, want a message with %q", tt.name, tt.code, f, tt.want)
				}
			})
		}
	})
	t.Run("an authority outside those served is refused", func(t *testing.T) {
		status, out := check(t, "洛阳市星河科技有限公司", "410300")
		e, _ := out["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if status != 400 || !strings.Contains(msg, "郑州市（410100）") {
			t.Errorf("%d %v", status, out)
		}
	})

	first17 := "91410100MA44XH001"
	uscc := first17 + string(dict.USCCCheckChar(first17))
	t.Run("register, then the identical name blocks in scope 4101", func(t *testing.T) {
		status, _, raw := te.Do(t, "POST", "/api/v1/enterprises", te.Tokens[auth.RoleRegistrar], map[string]any{
			"name": "郑州市星河科技有限公司", "uscc": uscc, "status": "active", "industry_code": "I65", "authority_code": "410100",
		})
		if status != 201 && status != 200 {
			t.Fatalf("register: %d %s", status, raw)
		}
		for _, authority := range []string{"410100", "410102"} { // the city, and its 中原区
			status, out := check(t, "郑州市星河科技有限公司", authority)
			if status != 200 || out["verdict"] != "block" || findingOf(out, "identical_name") == nil {
				t.Errorf("authority %s: %d %v", authority, status, out)
			}
		}
		status, out, raw := te.Do(t, "GET", "/api/v1/enterprises?q=%E6%98%9F%E6%B2%B3", "", nil) // q=星河, default scope
		if status != 200 || out["total"] != float64(1) {
			t.Errorf("search in the default scope: %d %s", status, raw)
		}
	})
	t.Run("the protection measure cited is the city's", func(t *testing.T) {
		body := map[string]any{"protected": true, "reason": "新经济企业字号保护"}
		if status, _, raw := te.Do(t, "PUT", "/api/v1/enterprises/"+uscc+"/protection", te.Tokens[auth.RoleStaff], body); status != 200 {
			t.Fatalf("protect: %d %s", status, raw)
		}
		_, out := check(t, "郑州市星河餐饮管理有限公司", "410100")
		f := findingOf(out, "protected_trade_name")
		if f == nil || !strings.Contains(f["rule"].(string), "郑州市测试字号保护措施") {
			t.Errorf("protected 字号: %v", out)
		}
	})
	t.Run("pages", func(t *testing.T) {
		for _, p := range []struct{ path, want string }{
			{"/", "<title>企业名称自查 · 郑州市企业名称自主申报</title>"},
			{"/staff/registry", "查询范围为郑州市登记机关辖区"},
			{"/assets/meta.json", `"default_authority":"410100"`},
			{"/assets/check.js", ""},
		} {
			status, _, raw := te.Do(t, "GET", p.path, "", nil)
			if status != 200 || !strings.Contains(string(raw), p.want) {
				t.Errorf("%s: %d, want %q", p.path, status, p.want)
			}
			noPingdingshan(t, p.path, raw)
		}
	})
}

// TestServedListNotRestricted: by default a request naming a division
// outside the list is served, as it was before the list existed.
func TestServedListNotRestricted(t *testing.T) {
	te := testenv.New(t, testenv.Options{NoWellKnownMarks: true, Keys: []testenv.Key{}, Config: zhengzhou(t, "")})
	status, out, raw := te.Do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": "平顶山市星河科技有限公司", "authority_code": "410400"})
	if status != 200 || out["scope"] != "410400" || out["verdict"] != "pass" {
		t.Errorf("%d %s", status, raw)
	}
}
