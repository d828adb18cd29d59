package config

import (
	"io/fs"
	"os"
	"path"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// compiledIn are the texts that name the default city; outside the
// allowed places below, code and pages must take the city from the
// configuration.
var compiledIn = []string{"平顶山", "410400"}

// cityAllowed are the places that may name the default city, and why.
var cityAllowed = []struct{ path, why string }{
	{"config/", "the default configuration is today's city"},
	{"dict/", "the division data"},
	{"demo/", "the demo registry of the default city"},
	// Evaluation data: the held-out generator's table of regions spans
	// eight cities, each row a division code as in dict.
	{"scripts/name-eval/heldout/gen.go", "evaluation data over several cities"},
}

// cityScanned says whether the file at p is code or a page the rule covers:
// non-test Go, HTML and JavaScript outside test data.
func cityScanned(p string) bool {
	switch path.Ext(p) {
	case ".go":
		if strings.HasSuffix(p, "_test.go") {
			return false
		}
	case ".html", ".js":
	default:
		return false
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if dir == "testdata" || dir == "node_modules" {
			return false
		}
	}
	for _, a := range cityAllowed {
		if p == a.path || strings.HasSuffix(a.path, "/") && strings.HasPrefix(p, a.path) {
			return false
		}
	}
	return true
}

// findCompiledIn lists "path:line: text" for every line of a scanned file
// of fsys that names the default city.
func findCompiledIn(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !cityScanned(p) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, w := range compiledIn {
				if strings.Contains(line, w) {
					out = append(out, p+":"+strconv.Itoa(i+1)+": "+strings.TrimSpace(line))
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// TestNoCompiledInCity: the source tree names the default city only in the
// allowed places (issue 11: any bureau by configuration).
func TestNoCompiledInCity(t *testing.T) {
	found, err := findCompiledIn(os.DirFS(".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("the city is compiled in (take it from the configuration): %s", f)
	}
	// The exceptions still exist: one that no longer does is to be removed.
	for _, a := range cityAllowed {
		if _, err := os.Stat("../" + a.path); err != nil {
			t.Errorf("allowed place %s (%s) does not exist", a.path, a.why)
		}
	}
}

// TestFindCompiledIn: the scan finds the city in code, pages and scripts,
// and only there.
func TestFindCompiledIn(t *testing.T) {
	fsys := fstest.MapFS{
		"api/api.go":                 {Data: []byte("package api\n\nvar scope = \"410400\"\n")},
		"api/api_test.go":            {Data: []byte("var name = \"平顶山市星河科技有限公司\"\n")},
		"web/static/index.html":      {Data: []byte("<title>\n平顶山市</title>\n")},
		"web/static/assets/check.js": {Data: []byte("const a = 1;\n")},
		"dict/regions.go":            {Data: []byte("// 平顶山市\n")},
		"demo/demo.go":               {Data: []byte("\"410400\"\n")},
		"config/config.go":           {Data: []byte("Name: \"平顶山市\"\n")},
		"name/parse.go":              {Data: []byte("// 平顶山市星河科技有限公司\n")},
		"name/rules.go":              {Data: []byte("// 平顶山高新区\n")},
		"name/testdata/cases.go":     {Data: []byte("平顶山\n")},
		"docs/notes.md":              {Data: []byte("平顶山\n")},
		".git/x.go":                  {Data: []byte("平顶山\n")},
	}
	got, err := findCompiledIn(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"api/api.go:3: var scope = \"410400\"",
		"name/parse.go:1: // 平顶山市星河科技有限公司",
		"name/rules.go:1: // 平顶山高新区",
		"web/static/index.html:2: 平顶山市</title>",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %q\nwant %q", got, want)
	}
}
