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
