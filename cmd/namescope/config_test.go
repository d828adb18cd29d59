package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"namescope/config"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfigPrintRoundTrip: what config print shows, --config reads back
// to the same configuration.
func TestConfigPrintRoundTrip(t *testing.T) {
	zz := writeFile(t, "zz.toml", "[[authorities]]\ncode = \"410100\"\n[limits]\npublic_rate_per_minute = 60\n")
	tests := []struct {
		name string
		args []string
	}{
		{"defaults", nil},
		{"a file", []string{"--config", zz}},
		{"a file and flags", []string{"--config=" + zz, "--rate", "0", "--authorities", "410100,410400", "--trusted-proxies", "10.0.0.0/8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, err := runCLI(t, append([]string{"config", "print"}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			printed := writeFile(t, "printed.toml", first)
			want, err := config.Load(printed)
			if err != nil {
				t.Fatalf("the printed configuration does not load: %v\n%s", err, first)
			}
			second, err := runCLI(t, "config", "print", "--config", printed)
			if err != nil {
				t.Fatal(err)
			}
			if second != first {
				t.Errorf("printed again from the file:\n%s\nfirst:\n%s", second, first)
			}
			got, err := config.Load(writeFile(t, "again.toml", second))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("round trip: %+v, %v", got, err)
			}
		})
	}
}

// TestConfigPrecedence: defaults < file < NAMESCOPE_* < flags.
func TestConfigPrecedence(t *testing.T) {
	file := writeFile(t, "f.toml", "[server]\naddr = \":9001\"\ndata = \"from-file\"\n[limits]\npublic_rate_per_minute = 100\nsearch_timeout = \"3s\"\n")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string // lines of the printed TOML
	}{
		{"defaults", nil, nil, []string{`addr = ":8080"`, "public_rate_per_minute = 600", `code = "410400"`}},
		{"file", nil, []string{"--config", file}, []string{`addr = ":9001"`, `data = "from-file"`, "public_rate_per_minute = 100", `search_timeout = "3s"`}},
		{"file from NAMESCOPE_CONFIG", map[string]string{"NAMESCOPE_CONFIG": file}, nil, []string{`addr = ":9001"`}},
		{"environment over file", map[string]string{"NAMESCOPE_ADDR": ":9002", "NAMESCOPE_RATE": "5"}, []string{"--config", file},
			[]string{`addr = ":9002"`, `data = "from-file"`, "public_rate_per_minute = 5"}},
		{"flags over environment", map[string]string{"NAMESCOPE_ADDR": ":9002", "NAMESCOPE_DATA": "from-env"}, []string{"--config", file, "--addr", ":9003", "--search-timeout", "1s"},
			[]string{`addr = ":9003"`, `data = "from-env"`, `search_timeout = "1s"`}},
		{"authorities by flag", nil, []string{"--authorities", "410100", "--restrict-to-served"},
			[]string{`code = "410100"`, `name = "郑州市"`, `bureau = "郑州市市场监督管理局"`, "restrict_to_served = true"}},
		{"default authority by environment", map[string]string{"NAMESCOPE_AUTHORITIES": "410400,410100", "NAMESCOPE_DEFAULT_AUTHORITY": "410100"}, nil,
			[]string{`code = "410100"`, "default = true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			out, err := runCLI(t, append([]string{"config", "print"}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	unknown := writeFile(t, "u.toml", "[limits]\nrate = 5\n")
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"unknown key", nil, []string{"config", "print", "--config", unknown}, "未知的配置项 limits.rate"},
		{"unknown key stops serve", nil, []string{"serve", "--config", unknown, "--addr", "127.0.0.1:0"}, "未知的配置项 limits.rate"},
		{"missing file", nil, []string{"config", "print", "--config", filepath.Join(t.TempDir(), "none.toml")}, "无法读取"},
		{"--config without a file", nil, []string{"config", "print", "--config"}, "--config 需要"},
		{"bad variable", map[string]string{"NAMESCOPE_RATE": "lots"}, []string{"config", "print"}, "NAMESCOPE_RATE"},
		{"unknown authority by flag", nil, []string{"config", "print", "--authorities", "999999"}, "999999"},
		{"default outside the list", nil, []string{"config", "print", "--default-authority", "410100"}, "不在所服务的登记机关"},
		{"negative rate", nil, []string{"serve", "--rate", "-1", "--addr", "127.0.0.1:0"}, "limits.public_rate_per_minute"},
		{"no subcommand", nil, []string{"config"}, "config print"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, err := runCLI(t, tt.args...)
			if err == nil || !strings.Contains(errText(err), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestCheckDefaultAuthority: check without --authority uses the
// configuration's default authority, its scope and its city's name.
func TestCheckDefaultAuthority(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	csvPath := writeFile(t, "names.csv", "name,uscc,status,status_date,industry_code\n郑州市星河科技有限公司,91500118691235035D,active,,I65\n")
	if out, err := runCLI(t, "import", csvPath, "--data", data, "--authority", "410100"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	zz := writeFile(t, "zz.toml", "[[authorities]]\ncode = \"410100\"\n")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"郑州 configured: the identical name blocks", []string{"--config", zz}, []string{`"verdict": "block"`, `"scope": "410100"`}},
		{"default configuration: another scope", nil, []string{`"scope": "410400"`}},
		{"no region: the example is the configured city", []string{"--config", zz, "--name", "星河远航科技有限公司"}, []string{"如“郑州市”"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nm := "郑州市星河科技有限公司"
			args := tt.args
			if len(args) >= 2 && args[len(args)-2] == "--name" {
				nm, args = args[len(args)-1], args[:len(args)-2]
			}
			out, err := runCLI(t, append([]string{"check", nm, "--data", data, "--json"}, args...)...)
			if err != nil {
				t.Fatal(err)
			}
			out = strings.ReplaceAll(out, `":"`, `": "`)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "平顶山") {
				t.Errorf("names 平顶山:\n%s", out)
			}
		})
	}
}
