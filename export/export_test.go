package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var table = Table{
	Sheet:   "争议案件",
	Headers: []string{"编号", "申请人", "备注"},
	Rows: [][]string{
		{"D0001", "平顶山市星河科技有限公司", "=HYPERLINK(\"http://x\")"},
		{"D0002", "+86 电话", "@SUM(A1)"},
		{"D0003", "-1", "普通文字"},
	},
}

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+86", "'+86"}, {"-1", "'-1"}, {"@x", "'@x"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"平顶山", "平顶山"}, {"", ""}, {"a=b", "a=b"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := Safe(tc.in); got != tc.want {
				t.Errorf("Safe(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, table); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "\ufeff") {
		t.Fatal("no byte-order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][1] != "平顶山市星河科技有限公司" || rows[1][2] != "'=HYPERLINK(\"http://x\")" || rows[2][2] != "'@SUM(A1)" || rows[3][1] != "'-1" {
		t.Fatalf("rows %q", rows)
	}
}

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, XLSX, table); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("争议案件")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][1] != "申请人" || rows[1][2] != "'=HYPERLINK(\"http://x\")" {
		t.Fatalf("rows %q", rows)
	}
	if formula, _ := f.GetCellFormula("争议案件", "C2"); formula != "" {
		t.Fatalf("C2 is a formula: %q", formula)
	}
	if err := Write(&b, "pdf", table); err == nil {
		t.Fatal("unknown format accepted")
	}
}
