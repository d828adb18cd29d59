package scope

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed data/departments.tsv
var departmentsTSV string

// Department is a government department that approves or supervises
// catalogue items. ID is a stable ASCII slug (market_regulation, tobacco …).
type Department struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type deptTable struct {
	list    []Department
	byID    map[string]Department
	aliases []deptAlias // longest first
}

type deptAlias struct{ text, id string }

var (
	deptOnce sync.Once
	depts    *deptTable
)

func loadDepartments() *deptTable {
	deptOnce.Do(func() {
		t := &deptTable{byID: map[string]Department{}}
		header := true
		for _, line := range strings.Split(departmentsTSV, "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if header { // the column names
				header = false
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) < 2 {
				panic("scope: malformed departments.tsv line: " + line)
			}
			d := Department{ID: f[0], Name: f[1]}
			t.list = append(t.list, d)
			t.byID[d.ID] = d
			t.aliases = append(t.aliases, deptAlias{d.Name, d.ID}, deptAlias{d.ID, d.ID})
			if len(f) > 2 {
				for _, a := range strings.Split(f[2], "|") {
					if a != "" {
						t.aliases = append(t.aliases, deptAlias{a, d.ID})
					}
				}
			}
		}
		sort.SliceStable(t.aliases, func(i, j int) bool { return len(t.aliases[i].text) > len(t.aliases[j].text) })
		depts = t
	})
	return depts
}

// Departments lists every known department in table order.
func Departments() []Department {
	return append([]Department(nil), loadDepartments().list...)
}

// DepartmentByID returns the department with id.
func DepartmentByID(id string) (Department, bool) {
	d, ok := loadDepartments().byID[id]
	return d, ok
}

// DepartmentName is the Chinese name of id, or id itself when unknown.
func DepartmentName(id string) string {
	if d, ok := loadDepartments().byID[id]; ok {
		return d.Name
	}
	return id
}

// MatchDepartment finds the department an official text names (an id, a
// Chinese name, or text such as "县级以上地方市场监管部门").
func MatchDepartment(text string) (string, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", false
	}
	t := loadDepartments()
	if _, ok := t.byID[text]; ok {
		return text, true
	}
	for _, a := range t.aliases {
		if strings.Contains(text, a.text) {
			return a.id, true
		}
	}
	return "", false
}
