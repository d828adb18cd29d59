package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// keys create takes the holder and department; staff keys need both,
// registrar keys a holder; a refused key is not stored; keys list shows
// them, never a token.
func TestKeysCreateHolderAndDept(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	var tokens []string
	for _, tc := range []struct {
		name string
		args []string
		ok   bool
		msg  string // part of the output or the error
	}{
		{"staff named", []string{"--role", "staff", "--holder", "张三", "--dept", "市场监管局登记注册科"}, true, "held by 张三（市场监管局登记注册科）"},
		{"registrar named", []string{"--role", "registrar", "--holder", "王五"}, true, "held by 王五"},
		{"admin", []string{"--role", "admin"}, true, "created admin key"},
		{"staff without holder", []string{"--role", "staff", "--dept", "登记注册科"}, false, "holder"},
		{"staff without dept", []string{"--role", "staff", "--holder", "李四"}, false, "dept"},
		{"registrar without holder", []string{"--role", "registrar"}, false, "holder"},
		{"holder with digits", []string{"--role", "staff", "--holder", "李四4", "--dept", "科"}, false, "不能包含"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCLI(t, append([]string{"keys", "create", "--data", data}, tc.args...)...)
			if !tc.ok {
				if err == nil || !strings.Contains(err.Error(), tc.msg) {
					t.Fatalf("accepted or wrong error: %v %s", err, out)
				}
				return
			}
			if err != nil || !strings.Contains(out, tc.msg) {
				t.Fatalf("create: %v %s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			tokens = append(tokens, lines[len(lines)-1])
		})
	}
	out, err := runCLI(t, "keys", "list", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("listed %d keys, want the 3 accepted:\n%s", len(lines), out)
	}
	if !strings.Contains(out, "\t张三\t市场监管局登记注册科\t") || !strings.Contains(out, "\t王五\t\t") {
		t.Errorf("holders not listed:\n%s", out)
	}
	for _, tok := range tokens {
		if strings.Contains(out, tok) {
			t.Errorf("the listing shows a token")
		}
	}
}
