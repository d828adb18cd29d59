package api_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"namescope/internal/testenv"
	"namescope/store"
)

// embeddedViolations is the shipped catalogue, the base of the imports below.
func embeddedViolations(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../supervision/data/violations.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// lineOf is the 1-based line of the catalogue that starts with prefix.
func lineOf(t *testing.T, text, prefix string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return 0
}

// editRow replaces column col (0-based) of the row of code.
func editRow(t *testing.T, text, code string, col int, value string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, code+",") {
			f := strings.Split(l, ",") // the columns before penalty_text hold no quoted commas in these rows
			if col >= len(f) || strings.Contains(strings.Join(f[:col+1], ","), "\"") {
				t.Fatalf("row %s: cannot edit column %d simply", code, col)
			}
			f[col] = value
			lines[i] = strings.Join(f, ",")
			return strings.Join(lines, "\n")
		}
	}
	t.Fatalf("no row %s", code)
	return ""
}

// catalogueKeys counts the keys an import writes: versions, the head and
// the audit log.
func catalogueKeys(t *testing.T, env *testenv.Env) int {
	t.Helper()
	n := 0
	err := env.App.Store.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixSupCatalogue, store.PrefixMeta, store.PrefixAudit} {
			if err := tx.Keys(p, func(string) error { n++; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func putCSV(t *testing.T, env *testenv.Env, token, body string) (int, map[string]any, []byte) {
	t.Helper()
	return env.Do(t, "PUT", "/api/v1/violations", env.Tokens[token], body, "Content-Type", "text/csv; charset=utf-8")
}

// fineMax is the fine_max of the listed item code, -1 when not listed.
func fineMax(t *testing.T, list map[string]any, code string) float64 {
	t.Helper()
	for _, v := range list["violations"].([]any) {
		m := v.(map[string]any)
		if m["code"] == code {
			if fr, ok := m["fine_range"].(map[string]any); ok {
				return fr["max"].(float64)
			}
			return 0
		}
	}
	return -1
}

// Only admin keys import a catalogue; every other role is refused in
// Chinese and nothing is written.
func TestImportViolationsRoles(t *testing.T) {
	env, _ := supEnv(t, testenv.Options{})
	text := embeddedViolations(t)
	for _, tc := range []struct {
		role string
		want int
	}{
		{"", http.StatusUnauthorized}, {"registrar", http.StatusForbidden}, {"staff", http.StatusForbidden},
		{"partner", http.StatusForbidden}, {"admin", http.StatusOK},
	} {
		t.Run("role "+tc.role, func(t *testing.T) {
			before := catalogueKeys(t, env)
			st, out, raw := putCSV(t, env, tc.role, text)
			if st != tc.want {
				t.Fatalf("%d %s, want %d", st, raw, tc.want)
			}
			if st != http.StatusOK && (!hasHan(str(out, "error", "message")) || catalogueKeys(t, env) != before) {
				t.Fatalf("refusal %s, or written", raw)
			}
		})
	}
}

// A faulty catalogue answers 400 in Chinese naming the line and column,
// and nothing is written: the embedded catalogue stays in force.
func TestImportViolationsRejects(t *testing.T) {
	env, _ := supEnv(t, testenv.Options{})
	text := embeddedViolations(t)
	eco := lineOf(t, text, "ECO-002,")
	header := lineOf(t, text, "code,")
	last := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	ecoRow := strings.Split(text, "\n")[eco-1]
	tests := []struct {
		name  string
		body  string
		ctype string
		want  []string // substrings of the message
	}{
		{"bad amount", editRow(t, text, "ECO-002", 8, "10万"), "", []string{fmt.Sprintf("第 %d 行", eco), "ECO-002", "fine_max 列", "金额"}},
		{"inverted range", editRow(t, text, "ECO-002", 7, "200000"), "", []string{fmt.Sprintf("第 %d 行", eco), "fine_min 列", "高于上限"}},
		{"unknown domain", editRow(t, text, "ECO-002", 2, "tax"), "", []string{fmt.Sprintf("第 %d 行", eco), "domain 列"}},
		{"code of another domain", editRow(t, text, "ECO-002", 2, "food"), "", []string{fmt.Sprintf("第 %d 行", eco), "code 列", "FOOD-"}},
		{"active without law", editRow(t, text, "ECO-002", 3, ""), "", []string{fmt.Sprintf("第 %d 行", eco), "law 列", "法律依据"}},
		{"bad active", strings.Replace(text, ecoRow, strings.Replace(ecoRow, ",true,confirmed,", ",yes,confirmed,", 1), 1), "", []string{fmt.Sprintf("第 %d 行", eco), "active 列"}},
		{"duplicate code", strings.TrimRight(text, "\n") + "\n" + ecoRow + "\n", "", []string{fmt.Sprintf("第 %d 行", last+1), "code 列", "重复"}},
		{"ragged record", strings.Replace(text, ecoRow, "ECO-002,只有两列", 1), "", []string{fmt.Sprintf("第 %d 行", eco), "字段数"}},
		{"bare quote", strings.Replace(text, ecoRow, `ECO-002,a"b`+ecoRow[len("ECO-002,"):], 1), "", []string{fmt.Sprintf("第 %d 行", eco), "引号"}},
		{"wrong header", strings.Replace(text, ",provenance\n", ",source\n", 1), "", []string{fmt.Sprintf("第 %d 行", header), "表头"}},
		{"header only", strings.Join(strings.Split(text, "\n")[:header], "\n") + "\n", "", []string{"没有任何事项"}},
		{"empty body", "", "", []string{"请求体为空"}},
		{"not CSV", text, "application/json", []string{"text/csv"}},
		{"not UTF-8", "code\xff\n", "", []string{"UTF-8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := catalogueKeys(t, env)
			ctype := tc.ctype
			if ctype == "" {
				ctype = "text/csv"
			}
			st, out, raw := env.Do(t, "PUT", "/api/v1/violations", env.Tokens["admin"], tc.body, "Content-Type", ctype)
			msg := str(out, "error", "message")
			if st != http.StatusBadRequest || !hasHan(msg) {
				t.Fatalf("%d %s, want 400 in Chinese", st, raw)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if catalogueKeys(t, env) != before {
				t.Fatal("refused, yet written")
			}
		})
	}
	l := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
	if str(l, "catalogue", "source") != "embedded" || get(l, "catalogue", "version") != float64(0) {
		t.Fatalf("catalogue after refusals: %v", l["catalogue"])
	}
}

// An imported version is in force for the list and for the recommendations
// of cases from then on, audited with who and when, and after a restart.
func TestImportViolationsInForce(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	text := embeddedViolations(t)
	basis := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-9", "summary": "投诉", "received_on": "2026-07-01"}), "id")
	caseBody := map[string]any{"uscc": u, "violation": "ECO-002", "facts": "未公示", "circumstances": map[string]any{"harm": "serious"}, "basis": basis}

	l0 := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
	if str(l0, "catalogue", "source") != "embedded" || fineMax(t, l0, "ECO-002") != 100000 {
		t.Fatalf("embedded: %v, ECO-002 max %v", l0["catalogue"], fineMax(t, l0, "ECO-002"))
	}
	r0 := supMust(t, env, 200, "POST", "/api/v1/cases/preview", "staff", caseBody)

	// Version 1: ECO-002's range raised to 150,000 yuan (a version, its
	// head and an audit entry written).
	before := catalogueKeys(t, env)
	st, v1, raw := putCSV(t, env, "admin", editRow(t, text, "ECO-002", 8, "150000"))
	if st != http.StatusOK || get(v1, "version") != float64(1) || str(v1, "source") != "imported" ||
		str(v1, "imported_by", "role") != "admin" || str(v1, "imported_at") == "" || catalogueKeys(t, env) != before+3 {
		t.Fatalf("import: %d %s", st, raw)
	}
	l1 := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
	if get(l1, "catalogue", "version") != float64(1) || fineMax(t, l1, "ECO-002") != 150000 || l1["active"] != l0["active"] {
		t.Fatalf("list after import: %v, ECO-002 max %v", l1["catalogue"], fineMax(t, l1, "ECO-002"))
	}
	r1 := supMust(t, env, 200, "POST", "/api/v1/cases/preview", "staff", caseBody)
	if fmt.Sprint(get(r0, "recommendation", "fine_range")) == fmt.Sprint(get(r1, "recommendation", "fine_range")) {
		t.Fatalf("recommendation unchanged by the import: %v", get(r1, "recommendation", "fine_range"))
	}
	audit := supMust(t, env, 200, "GET", "/api/v1/audit?action=supervision.violations.import", "admin", nil)
	if !strings.Contains(fmt.Sprint(audit), "violations/1") {
		t.Fatalf("audit: %v", audit)
	}

	// Version 2: ECO-002 inactive, basis to be confirmed: no longer usable.
	row := strings.Split(text, "\n")[lineOf(t, text, "ECO-002,")-1]
	v2text := strings.Replace(text, row, strings.Replace(row, ",true,confirmed,", ",false,to_be_confirmed,", 1), 1)
	if st, v2, raw := putCSV(t, env, "admin", v2text); st != http.StatusOK || get(v2, "version") != float64(2) {
		t.Fatalf("second import: %d %s", st, raw)
	}
	check := func(when string) {
		t.Helper()
		l := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
		if get(l, "catalogue", "version") != float64(2) || fineMax(t, l, "ECO-002") != -1 || l["active"] != l0["active"].(float64)-1 {
			t.Fatalf("%s: list %v, ECO-002 %v", when, l["catalogue"], fineMax(t, l, "ECO-002"))
		}
		all := supMust(t, env, 200, "GET", "/api/v1/violations?all=1", "admin", nil)
		if fineMax(t, all, "ECO-002") != 100000 {
			t.Fatalf("%s: ECO-002 not among the inactive items", when)
		}
		st, out, raw := env.Do(t, "POST", "/api/v1/cases/preview", env.Tokens["staff"], caseBody)
		if st != http.StatusBadRequest || !strings.Contains(str(out, "error", "message"), "未启用") {
			t.Fatalf("%s: case on an inactive item: %d %s", when, st, raw)
		}
	}
	check("after the import")
	env.Restart(t)
	check("after a restart")
}

// versionsOf lists GET /api/v1/violations/versions as version numbers,
// newest first, with the version in force.
func versionsOf(t *testing.T, env *testenv.Env) ([]int, int, []any) {
	t.Helper()
	out := supMust(t, env, 200, "GET", "/api/v1/violations/versions", "admin", nil)
	var vs []int
	for _, v := range out["versions"].([]any) {
		vs = append(vs, int(get(v, "version").(float64)))
	}
	return vs, int(out["current"].(float64)), out["versions"].([]any)
}

// Only admin keys list and restore catalogue versions; every other role
// is refused in Chinese and nothing is written.
func TestViolationVersionsRoles(t *testing.T) {
	env, _ := supEnv(t, testenv.Options{})
	if st, _, raw := putCSV(t, env, "admin", editRow(t, embeddedViolations(t), "ECO-002", 8, "150000")); st != http.StatusOK {
		t.Fatalf("import: %d %s", st, raw)
	}
	roles := []string{"", "registrar", "staff", "partner", "admin"}
	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/v1/violations/versions"},
		{"POST", "/api/v1/violations/versions/0/restore"},
	} {
		for _, role := range roles {
			name := role
			if name == "" {
				name = "no key"
			}
			t.Run(tc.method+" "+tc.path+" "+name, func(t *testing.T) {
				before := catalogueKeys(t, env)
				st, out, raw := env.Do(t, tc.method, tc.path, env.Tokens[role], nil)
				switch {
				case role == "admin" && st != http.StatusOK:
					t.Fatalf("admin: %d %s", st, raw)
				case role == "":
					if st != http.StatusUnauthorized {
						t.Fatalf("no key: %d %s, want 401", st, raw)
					}
				case role != "admin" && st != http.StatusForbidden:
					t.Fatalf("%d %s, want 403", st, raw)
				}
				if role != "admin" && (!hasHan(str(out, "error", "message")) || catalogueKeys(t, env) != before) {
					t.Fatalf("refusal %s, or written", raw)
				}
			})
		}
	}
}

// The versions an admin sees, and a restore: an earlier version is put in
// force again as a new version that copies it, audited with who and when,
// for the list and the recommendations, after a restart too; version 0 is
// the embedded file. The version in force, a copy of it, a version that
// does not exist and a bad number are refused with nothing written.
func TestViolationVersionsRestore(t *testing.T) {
	env, u := supEnv(t, testenv.Options{})
	text := embeddedViolations(t)
	basis := str(supMust(t, env, 201, "POST", "/api/v1/supervision/bases", "staff",
		map[string]any{"uscc": u, "kind": "complaint", "ref": "12315-8", "summary": "投诉", "received_on": "2026-07-01"}), "id")
	caseBody := map[string]any{"uscc": u, "violation": "ECO-002", "facts": "未公示", "circumstances": map[string]any{"harm": "serious"}, "basis": basis}

	if vs, cur, rows := versionsOf(t, env); len(vs) != 1 || vs[0] != 0 || cur != 0 || get(rows[0], "current") != true || str(rows[0], "source") != "embedded" {
		t.Fatalf("before any import: %v current %d %v", vs, cur, rows)
	}
	if st, _, raw := putCSV(t, env, "admin", editRow(t, text, "ECO-002", 8, "150000")); st != 200 {
		t.Fatalf("import 1: %d %s", st, raw)
	}
	row := strings.Split(text, "\n")[lineOf(t, text, "ECO-002,")-1]
	if st, _, raw := putCSV(t, env, "admin", strings.Replace(text, row, strings.Replace(row, ",true,confirmed,", ",false,to_be_confirmed,", 1), 1)); st != 200 {
		t.Fatalf("import 2: %d %s", st, raw)
	}
	vs, cur, rows := versionsOf(t, env)
	if fmt.Sprint(vs) != "[2 1 0]" || cur != 2 || get(rows[0], "current") != true || get(rows[1], "current") != false ||
		str(rows[1], "imported_by", "role") != "admin" || str(rows[1], "imported_at") == "" ||
		get(rows[0], "active").(float64) != get(rows[1], "active").(float64)-1 || get(rows[0], "items") != get(rows[1], "items") {
		t.Fatalf("versions %v current %d: %v", vs, cur, rows)
	}

	refusals := []struct {
		name, path string
		status     int
	}{
		{"the version in force", "/api/v1/violations/versions/2/restore", 409},
		{"a version that does not exist", "/api/v1/violations/versions/9/restore", 404},
		{"a negative number", "/api/v1/violations/versions/-1/restore", 400},
		{"not a number", "/api/v1/violations/versions/latest/restore", 400},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := catalogueKeys(t, env)
			st, out, raw := env.Do(t, "POST", tc.path, env.Tokens["admin"], nil)
			if st != tc.status || !hasHan(str(out, "error", "message")) || catalogueKeys(t, env) != before {
				t.Fatalf("%d %s, want %d in Chinese with nothing written", st, raw, tc.status)
			}
		})
	}

	// Version 1 again, as version 3: ECO-002 active with its 150,000 yuan
	// (the version and its audit entry written).
	before := catalogueKeys(t, env)
	v3 := supMust(t, env, 200, "POST", "/api/v1/violations/versions/1/restore", "admin", nil)
	if get(v3, "version") != float64(3) || get(v3, "restored_from") != float64(1) || str(v3, "sha256") != str(rows[1], "sha256") ||
		str(v3, "imported_by", "role") != "admin" || catalogueKeys(t, env) != before+2 {
		t.Fatalf("restore: %v", v3)
	}
	check := func(when string) {
		t.Helper()
		l := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
		if get(l, "catalogue", "version") != float64(3) || get(l, "catalogue", "restored_from") != float64(1) || fineMax(t, l, "ECO-002") != 150000 {
			t.Fatalf("%s: list %v, ECO-002 max %v", when, l["catalogue"], fineMax(t, l, "ECO-002"))
		}
		supMust(t, env, 200, "POST", "/api/v1/cases/preview", "staff", caseBody)
		if vs, cur, _ := versionsOf(t, env); fmt.Sprint(vs) != "[3 2 1 0]" || cur != 3 {
			t.Fatalf("%s: versions %v current %d", when, vs, cur)
		}
	}
	check("after the restore")
	env.Restart(t)
	check("after a restart")
	audit := supMust(t, env, 200, "GET", "/api/v1/audit?action=supervision.violations.restore", "admin", nil)
	if !strings.Contains(fmt.Sprint(audit), "violations/3") || !strings.Contains(fmt.Sprint(audit), "恢复第 1 版") {
		t.Fatalf("audit: %v", audit)
	}
	t.Run("a copy of the version in force", func(t *testing.T) {
		before := catalogueKeys(t, env)
		st, out, raw := env.Do(t, "POST", "/api/v1/violations/versions/1/restore", env.Tokens["admin"], nil)
		if st != 409 || !strings.Contains(str(out, "error", "message"), "内容相同") || catalogueKeys(t, env) != before {
			t.Fatalf("%d %s", st, raw)
		}
	})
	t.Run("the embedded file", func(t *testing.T) {
		v4 := supMust(t, env, 200, "POST", "/api/v1/violations/versions/0/restore", "admin", nil)
		l := supMust(t, env, 200, "GET", "/api/v1/violations", "staff", nil)
		if get(v4, "version") != float64(4) || get(v4, "restored_from") != float64(0) || fineMax(t, l, "ECO-002") != 100000 {
			t.Fatalf("restore 0: %v, ECO-002 max %v", v4, fineMax(t, l, "ECO-002"))
		}
	})
}
