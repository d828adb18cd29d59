package api_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"namescope/internal/testenv"
)

// Staff lists export as CSV (UTF-8 with a byte-order mark) and XLSX, with
// formula-looking cells written as text.
func TestListExports(t *testing.T) {
	env := testenv.New(t, testenv.Options{Now: testenv.At("2025-03-10"), Scope: true})
	env.PutFixture(t, "test")
	staff, registrar := env.Tokens["staff"], env.Tokens["registrar"]

	t.Run("registry look-up as CSV", func(t *testing.T) {
		st, _, raw := env.Do(t, "GET", "/api/v1/enterprises?q=星河&format=csv", "", nil)
		if st != 200 || !bytes.HasPrefix(raw, []byte("\ufeff")) {
			t.Fatalf("%d %q", st, raw)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil || len(rows) < 2 || rows[0][0] != "企业名称" || !strings.Contains(rows[1][0], "星河") {
			t.Fatalf("rows %q %v", rows, err)
		}
	})
	t.Run("unknown format", func(t *testing.T) {
		st, out, _ := env.Do(t, "GET", "/api/v1/enterprises?q=星河&format=pdf", "", nil)
		if st != 400 || out["error"].(map[string]any)["code"] != "invalid" {
			t.Fatalf("%d %v", st, out)
		}
	})
	t.Run("dispute queue as XLSX", func(t *testing.T) {
		st, _, raw := env.Do(t, "GET", "/api/v1/disputes?format=xlsx", staff, nil)
		if st != 200 {
			t.Fatalf("%d %s", st, raw)
		}
		f, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("争议案件")
		if err != nil || len(rows) < 1 || rows[0][0] != "编号" {
			t.Fatalf("rows %q %v", rows, err)
		}
		if st, _, _ := env.Do(t, "GET", "/api/v1/disputes?format=xlsx", "", nil); st != 401 {
			t.Fatalf("public export of the dispute queue: %d", st)
		}
	})
	t.Run("department notices as CSV", func(t *testing.T) {
		reg := map[string]any{"enterprise": "平顶山市青禾食品有限公司", "uscc": "91410400MA44QH0015", "codes": []string{"XF0038", "XF0009"}}
		st, out, raw := env.Do(t, "POST", "/api/v1/scope/registrations", registrar, reg)
		if st != 201 {
			t.Fatalf("registration: %d %s", st, raw)
		}
		dept := out["notices"].([]any)[0].(map[string]any)["dept_id"].(string)
		st, _, raw = env.Do(t, "GET", "/api/v1/departments/"+dept+"/notices?format=csv", staff, nil)
		if st != 200 {
			t.Fatalf("%d %s", st, raw)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][2] != "平顶山市青禾食品有限公司" || rows[1][4] == "" {
			t.Fatalf("rows %q %v", rows, err)
		}
	})
}
