package config

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func lookupIn(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestDefaultIsValid(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("Validate changed the defaults: %+v", c)
	}
	if a := c.DefaultAuthority(); a.Code != "410400" || a.Name != "平顶山市" || a.Bureau != "平顶山市市场监督管理局" {
		t.Errorf("default authority = %+v", a)
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		cfg  func() *Config
	}{
		{"defaults", Default},
		{"two cities", func() *Config {
			c := Default()
			c.Authorities = append(c.Authorities, Authority{Code: "410100"})
			c.Proxy.Trusted = []string{"10.0.0.0/8", "127.0.0.1"}
			c.Limits.SearchTimeout = 1500 * time.Millisecond
			c.Supervision.Sampling.D = 0.5
			c.Metrics.Restricted = true
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			return c
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.cfg()
			var buf bytes.Buffer
			if err := want.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := Parse(buf.Bytes())
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %+v\nwant %+v\n%s", got, want, buf.String())
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		wantErr string // substring; empty: valid
		check   func(t *testing.T, c *Config)
	}{
		{name: "empty file is the defaults", doc: "", check: func(t *testing.T, c *Config) {
			if !reflect.DeepEqual(c, Default()) {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "second city fills its texts from the division data", doc: "[[authorities]]\ncode = \"410100\"\n", check: func(t *testing.T, c *Config) {
			want := []Authority{{Code: "410100", Name: "郑州市", Bureau: "郑州市市场监督管理局", Title: "郑州市企业名称自主申报", DocPrefix: "郑市监"}}
			if !reflect.DeepEqual(c.Authorities, want) {
				t.Errorf("authorities = %+v", c.Authorities)
			}
			if c.DefaultAuthority().Code != "410100" {
				t.Errorf("default = %+v", c.DefaultAuthority())
			}
		}},
		{name: "a section keeps the defaults of keys it leaves out", doc: "[limits]\npublic_rate_per_minute = 0\n", check: func(t *testing.T, c *Config) {
			if c.Limits.PublicRatePerMinute != 0 || c.Limits.SearchTimeout != 2*time.Second || c.Server.Addr != ":8080" {
				t.Errorf("limits = %+v, server = %+v", c.Limits, c.Server)
			}
		}},
		{name: "duration as text", doc: "[limits]\nsearch_timeout = \"750ms\"\n", check: func(t *testing.T, c *Config) {
			if c.Limits.SearchTimeout != 750*time.Millisecond {
				t.Errorf("search_timeout = %s", c.Limits.SearchTimeout)
			}
		}},
		{name: "unknown key", doc: "[server]\nadr = \":9090\"\n", wantErr: "未知的配置项 server.adr"},
		{name: "unknown section", doc: "[credits]\nx = 1\n", wantErr: "未知的配置项 credits"},
		{name: "unknown authority key", doc: "[[authorities]]\ncode = \"410100\"\ncity = \"郑州\"\n", wantErr: "authorities.city"},
		{name: "syntax error names the line", doc: "[server]\naddr = \n", wantErr: "第 2 行"},
		{name: "unknown division", doc: "[[authorities]]\ncode = \"999999\"\n", wantErr: "authorities[0].code：\"999999\" 不是已知的行政区划代码"},
		{name: "empty code", doc: "[[authorities]]\nname = \"郑州市\"\n", wantErr: "authorities[0].code：不能为空"},
		{name: "duplicate authority", doc: "[[authorities]]\ncode = \"410100\"\n[[authorities]]\ncode = \"410100\"\n", wantErr: "重复"},
		{name: "two defaults", doc: "[[authorities]]\ncode = \"410100\"\ndefault = true\n[[authorities]]\ncode = \"410400\"\ndefault = true\n", wantErr: "只能有一个默认登记机关"},
		{name: "no authorities", doc: "authorities = []\n", wantErr: "至少应配置一个登记机关"},
		{name: "negative rate", doc: "[limits]\npublic_rate_per_minute = -1\n", wantErr: "limits.public_rate_per_minute"},
		{name: "zero timeout", doc: "[limits]\nsearch_timeout = \"0s\"\n", wantErr: "limits.search_timeout"},
		{name: "bad proxy", doc: "[proxy]\ntrusted = [\"10.0.0.0/33\"]\n", wantErr: "proxy.trusted[0]"},
		{name: "bad industry level", doc: "[server]\nindustry_level = \"class\"\n", wantErr: "server.industry_level"},
		{name: "grace period of three years", doc: "[supervision]\ngrace_period_months = 36\n", wantErr: "supervision.grace_period_months：应在 12 到 24 之间"},
		{name: "grace period of one year", doc: "[supervision]\ngrace_period_months = 12\n", check: func(t *testing.T, c *Config) {
			if c.Supervision.GracePeriodMonths != 12 {
				t.Errorf("grace = %d", c.Supervision.GracePeriodMonths)
			}
		}},
		{name: "sampling ratio above one", doc: "[supervision.sampling]\nd = 1.5\n", wantErr: "supervision.sampling.d"},
		{name: "sampling lower for a riskier class", doc: "[supervision.sampling]\nc = 0.01\n", wantErr: "supervision.sampling.c：信用风险越高抽查比例应越高"},
		{name: "one inspector", doc: "[supervision]\ninspectors_per_target = 1\n", wantErr: "supervision.inspectors_per_target"},
		{name: "repair before six months", doc: "[credit]\npenalty_repair_min_months = 3\n", wantErr: "credit.penalty_repair_min_months"},
		{name: "document prefix with brackets", doc: "[[authorities]]\ncode = \"410400\"\ndoc_prefix = \"平〔市监\"\n", wantErr: "doc_prefix"},
		{name: "document prefix too long", doc: "[[authorities]]\ncode = \"410400\"\ndoc_prefix = \"平顶山市市场监督管理局信用科\"\n", wantErr: "doc_prefix"},
		{name: "review period below the law's 60 days", doc: "[credit]\nreview_days = 30\n", wantErr: "credit.review_days"},
		{name: "red announcement of no days", doc: "[credit]\nred_announcement_working_days = 0\n", wantErr: "credit.red_announcement_working_days"},
		{name: "disclosure beyond five years", doc: "[credit]\nfailure_disclosure_max_years = 6\n", wantErr: "credit.failure_disclosure_max_years"},
		{name: "published risk class", doc: "[supervision]\npublish_risk_class = true\n", check: func(t *testing.T, c *Config) {
			if !c.Supervision.PublishRiskClass {
				t.Error("publish_risk_class not read")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.doc))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestResolvePrecedence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "namescope.toml")
	doc := "[server]\naddr = \":9000\"\ndata = \"/srv/file\"\n[limits]\npublic_rate_per_minute = 100\n" +
		"[[authorities]]\ncode = \"410400\"\nprotection_rule = \"本市字号保护措施\"\n[[authorities]]\ncode = \"410100\"\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		env   map[string]string
		check func(t *testing.T, c *Config)
	}{
		{"file over defaults", nil, func(t *testing.T, c *Config) {
			if c.Server.Addr != ":9000" || c.Server.Data != "/srv/file" || c.Limits.PublicRatePerMinute != 100 || c.Server.IndustryLevel != "division" {
				t.Errorf("server = %+v, limits = %+v", c.Server, c.Limits)
			}
			if c.DefaultAuthority().Code != "410400" || len(c.Authorities) != 2 {
				t.Errorf("authorities = %+v", c.Authorities)
			}
		}},
		{"environment over file", map[string]string{
			"NAMESCOPE_ADDR": ":9100", "NAMESCOPE_RATE": "0", "NAMESCOPE_TRUSTED_PROXIES": "10.0.0.0/8, ::1",
			"NAMESCOPE_SEARCH_TIMEOUT": "3s", "NAMESCOPE_SUPERVISION_SAMPLING_D": "0.3", "NAMESCOPE_METRICS_RESTRICTED": "true",
			"NAMESCOPE_DEFAULT_AUTHORITY": "410100",
		}, func(t *testing.T, c *Config) {
			if c.Server.Addr != ":9100" || c.Server.Data != "/srv/file" || c.Limits.PublicRatePerMinute != 0 || c.Limits.SearchTimeout != 3*time.Second {
				t.Errorf("server = %+v, limits = %+v", c.Server, c.Limits)
			}
			if !reflect.DeepEqual(c.Proxy.Trusted, []string{"10.0.0.0/8", "::1"}) || c.Supervision.Sampling.D != 0.3 || !c.Metrics.Restricted {
				t.Errorf("proxy = %+v, sampling = %+v, metrics = %+v", c.Proxy, c.Supervision.Sampling, c.Metrics)
			}
			if c.DefaultAuthority().Code != "410100" {
				t.Errorf("default = %+v", c.DefaultAuthority())
			}
		}},
		{"empty variables", map[string]string{"NAMESCOPE_RATE": "", "NAMESCOPE_DEMO": " ", "NAMESCOPE_DATA": "", "NAMESCOPE_TRUSTED_PROXIES": ""}, func(t *testing.T, c *Config) {
			if c.Limits.PublicRatePerMinute != 100 || c.Server.Demo || c.Server.Data != "" || len(c.Proxy.Trusted) != 0 {
				t.Errorf("server = %+v, limits = %+v, proxy = %+v", c.Server, c.Limits, c.Proxy)
			}
		}},
		{"authorities from the environment keep the file's texts", map[string]string{"NAMESCOPE_AUTHORITIES": "410100,410400"}, func(t *testing.T, c *Config) {
			if len(c.Authorities) != 2 || c.Authorities[0].Code != "410100" || c.Authorities[1].ProtectionRule != "本市字号保护措施" {
				t.Errorf("authorities = %+v", c.Authorities)
			}
			if c.DefaultAuthority().Code != "410100" {
				t.Errorf("default = %+v", c.DefaultAuthority())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Resolve(path, lookupIn(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		env     map[string]string
		wantErr string
	}{
		{"missing file", filepath.Join(t.TempDir(), "none.toml"), nil, "无法读取"},
		{"bad number", "", map[string]string{"NAMESCOPE_RATE": "many"}, "NAMESCOPE_RATE"},
		{"bad duration", "", map[string]string{"NAMESCOPE_SEARCH_TIMEOUT": "2"}, "NAMESCOPE_SEARCH_TIMEOUT"},
		{"bad bool", "", map[string]string{"NAMESCOPE_DEMO": "ja"}, "NAMESCOPE_DEMO"},
		{"default outside the list", "", map[string]string{"NAMESCOPE_DEFAULT_AUTHORITY": "410100"}, "不在所服务的登记机关"},
		{"unknown authority", "", map[string]string{"NAMESCOPE_AUTHORITIES": "410100,123456"}, "authorities[1].code"},
		{"value out of range", "", map[string]string{"NAMESCOPE_SUPERVISION_GRACE_PERIOD_MONTHS": "6"}, "supervision.grace_period_months"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.path, lookupIn(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestServes(t *testing.T) {
	c := Default()
	c.Authorities = append(c.Authorities, Authority{Code: "410100"})
	tests := []struct {
		code string
		want bool
	}{
		{"410400", true},  // the city
		{"410411", true},  // a district of it
		{"410421", true},  // a county of it
		{"410100", true},  // the second city
		{"410102", true},  // a district of the second city
		{"410300", false}, // 洛阳市
		{"410000", false}, // the province
		{"999999", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := c.Serves(tt.code); got != tt.want {
				t.Errorf("Serves(%s) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

// TestEveryValueHasAnEnvironmentVariable keeps new keys overridable.
func TestEveryValueHasAnEnvironmentVariable(t *testing.T) {
	var walk func(rt reflect.Type, path string)
	walk = func(rt reflect.Type, path string) {
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			key := path + f.Tag.Get("toml")
			switch {
			case key == "authorities":
				// NAMESCOPE_AUTHORITIES and NAMESCOPE_DEFAULT_AUTHORITY.
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, key+".")
			case f.Tag.Get("env") == "":
				t.Errorf("%s has no env tag", key)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
}

// TestExampleFile: config.example.toml loads to the defaults and names
// every key, with its variable.
func TestExampleFile(t *testing.T) {
	c, err := Load("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("the example is not the defaults: %+v", c)
	}
	b, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	example := string(b)
	var walk func(rt reflect.Type, section string)
	walk = func(rt reflect.Type, section string) {
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			key := f.Tag.Get("toml")
			switch {
			case f.Type.Kind() == reflect.Struct:
				if !strings.Contains(example, "["+section+key+"]") {
					t.Errorf("the example has no [%s%s]", section, key)
				}
				walk(f.Type, section+key+".")
			case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
				if !strings.Contains(example, "[["+key+"]]") {
					t.Errorf("the example has no [[%s]]", key)
				}
				walk(f.Type.Elem(), "")
			default:
				if !strings.Contains(example, "\n"+key+" = ") {
					t.Errorf("the example does not document %s%s", section, key)
				}
				if env := f.Tag.Get("env"); env != "" && !strings.Contains(example, env) {
					t.Errorf("the example does not name %s for %s%s", env, section, key)
				}
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
}
