package scope

import (
	"regexp"
	"testing"
)

func TestDepartmentsTable(t *testing.T) {
	slug := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	ds := Departments()
	if len(ds) < 20 {
		t.Fatalf("%d departments", len(ds))
	}
	seen := map[string]bool{}
	for _, d := range ds {
		if !slug.MatchString(d.ID) || d.Name == "" || seen[d.ID] {
			t.Errorf("bad department %+v", d)
		}
		seen[d.ID] = true
	}
	for _, id := range []string{"market_regulation", "tobacco", "transport", "housing_construction", "drug", "health",
		"education", "public_security", "culture_tourism", "ecology_environment", "emergency_management", "agriculture", "commerce"} {
		if !seen[id] {
			t.Errorf("department %s missing", id)
		}
	}
}

func TestMatchDepartment(t *testing.T) {
	cases := map[string]string{
		"market_regulation":    "market_regulation",
		"县级以上地方市场监管部门":         "market_regulation",
		"市场监管总局；省级市场监管部门":      "market_regulation",
		"主管海关":                 "customs",
		"县级以上地方商务部门":           "commerce",
		"省级农业农村部门":             "agriculture",
		"县级文化和旅游部门":            "culture_tourism",
		"县级以上地方卫生健康部门":         "health",
		"设区的市级药品监督管理部门":        "drug",
		"烟草专卖行政主管部门":           "tobacco",
		"住房和城乡建设主管部门":          "housing_construction",
		"县级以上人民政府（渔业主管部门）":     "agriculture",
		"省级以上应急管理部门":           "emergency_management",
		"  公安机关 ":              "public_security",
		"financial_regulation": "financial_regulation",
	}
	for text, want := range cases {
		if got, ok := MatchDepartment(text); !ok || got != want {
			t.Errorf("MatchDepartment(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "火星管理局"} {
		if got, ok := MatchDepartment(text); ok {
			t.Errorf("MatchDepartment(%q) = %q, want no match", text, got)
		}
	}
	if DepartmentName("tobacco") != "烟草专卖行政主管部门" || DepartmentName("nobody") != "nobody" {
		t.Error("DepartmentName")
	}
}
