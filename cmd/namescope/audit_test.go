package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An import records what the registration system decided: identical names
// are imported and reported, and `audit duplicates` lists the pairs.
func TestImportReportsAndAuditListsDuplicates(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	csvPath := filepath.Join(t.TempDir(), "names.csv")
	err := os.WriteFile(csvPath, []byte("name,uscc,status,status_date,industry_code\n"+
		"平顶山市星河科技有限公司,91500118691235035D,active,,I65\n"+
		"平顶山市星河科技有限责任公司,,active,,I65\n"+
		"平顶山市蓝海商贸有限公司,,active,,F51\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "import", csvPath, "--data", data, "--authority", "410400")
	if err != nil || !strings.Contains(out, "imported 3, rejected 0") || !strings.Contains(out, "identical names (imported, to follow up): 1") ||
		!strings.Contains(out, "第 3 行") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, err = runCLI(t, "audit", "duplicates", "--data", data)
	if err != nil || !strings.Contains(out, "identical pairs: 1") || !strings.Contains(out, "星河科技有限责任公司") {
		t.Fatalf("audit duplicates: %v\n%s", err, out)
	}
	out, err = runCLI(t, "audit", "duplicates", "--data", data, "--json")
	if err != nil || !strings.Contains(out, `"total": 1`) {
		t.Fatalf("audit duplicates --json: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "audit", "nothing", "--data", data); err == nil {
		t.Error("unknown audit accepted")
	}
}
