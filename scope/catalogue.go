package scope

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
)

// Catalogue is an immutable, versioned set of entries. Version 0 is the
// default catalogue built into the binary; imported catalogues get the
// version their store assigns.
type Catalogue struct {
	version     int
	name        string
	description string
	entries     []Entry
	byCode      map[string]int
}

// CatalogueInfo summarizes a catalogue version.
type CatalogueInfo struct {
	Version     int       `json:"version"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Entries     int       `json:"entries"`
	Licensed    int       `json:"licensed"`
	Filing      int       `json:"filing"`
	SavedAt     time.Time `json:"saved_at,omitzero"` // set by the store
	Active      bool      `json:"active"`
}

// Limits that keep an import sane.
const (
	maxEntries       = 20000
	maxWordingRunes  = 100
	maxCodeLen       = 32
	maxProblemsShown = 20
)

// Problem is one validation failure, located by row (1-based data row or
// entry index; 0 when not applicable) and field.
type Problem struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Row > 0 {
		return fmt.Sprintf("第 %d 行 %s：%s", p.Row, p.Field, p.Message)
	}
	return fmt.Sprintf("%s：%s", p.Field, p.Message)
}

// ValidationError lists every problem found in a catalogue.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "经营范围目录有 %d 处错误：", len(e.Problems))
	for i, p := range e.Problems {
		if i == maxProblemsShown {
			fmt.Fprintf(&b, "；……另有 %d 处", len(e.Problems)-i)
			break
		}
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// invalid wraps problems as an apperr.Invalid whose message names rows and
// fields, keeping the structured list reachable with errors.As.
func invalid(problems []Problem) error {
	ve := &ValidationError{Problems: problems}
	e := apperr.Invalid("%s", ve.Error())
	e.Err = ve
	return e
}

// NewCatalogue validates entries and returns them as a catalogue; rows in
// problems count entries from 1. Entries are copied and normalized: text is
// width-folded, industry codes get their section letter, a licensed entry
// without timing is post-registration, the licences of a filing entry are
// filings.
func NewCatalogue(name, description string, entries []Entry) (*Catalogue, error) {
	return newCatalogue(name, description, entries, nil)
}

// newCatalogue is NewCatalogue with the source row of each entry, so that a
// loader reports spreadsheet rows rather than entry numbers.
func newCatalogue(name, description string, entries []Entry, rows []int) (*Catalogue, error) {
	var problems []Problem
	add := func(i int, field, format string, args ...any) {
		row := i + 1
		if rows != nil {
			row = rows[i]
		}
		problems = append(problems, Problem{Row: row, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	name = strings.TrimSpace(name)
	if name == "" {
		problems = append(problems, Problem{Field: "name", Message: "目录名称不能为空"})
	}
	if len(entries) == 0 {
		problems = append(problems, Problem{Field: "entries", Message: "目录中没有条目"})
	}
	if len(entries) > maxEntries {
		problems = append(problems, Problem{Field: "entries", Message: fmt.Sprintf("条目数 %d 超过上限 %d", len(entries), maxEntries)})
		return nil, invalid(problems)
	}
	c := &Catalogue{name: name, description: strings.TrimSpace(description), byCode: make(map[string]int, len(entries))}
	wordings := make(map[string]string, len(entries))
	for i, in := range entries {
		e := in.clone()
		e.Code = strings.TrimSpace(e.Code)
		e.Wording = normText(e.Wording)
		e.Explanation = strings.TrimSpace(e.Explanation)
		switch {
		case e.Code == "":
			add(i, "code", "条目代码不能为空")
		case len(e.Code) > maxCodeLen || !codeChars(e.Code):
			add(i, "code", "条目代码“%s”只能由不超过 %d 个字母、数字、-、_ 组成", e.Code, maxCodeLen)
		default:
			if j, dup := c.byCode[e.Code]; dup {
				add(i, "code", "条目代码“%s”与第 %d 条重复", e.Code, j+1)
			}
		}
		switch n := utf8.RuneCountInString(e.Wording); {
		case n == 0:
			add(i, "wording", "规范表述不能为空")
		case n > maxWordingRunes:
			add(i, "wording", "规范表述超过 %d 个字", maxWordingRunes)
		case strings.ContainsAny(e.Wording, "；;"):
			add(i, "wording", "规范表述“%s”不能含分号（分号用于分隔经营范围条目）", e.Wording)
		default:
			if other, dup := wordings[e.Wording]; dup {
				add(i, "wording", "规范表述“%s”与条目 %s 重复", e.Wording, other)
			}
			wordings[e.Wording] = e.Code
		}
		switch e.Kind {
		case General, Licensed, Filing:
		default:
			k, err := ParseKind(string(e.Kind))
			if err != nil {
				add(i, "kind", "%v", err)
			}
			e.Kind = k
		}
		if e.LicenseTiming != "" && e.LicenseTiming != Pre && e.LicenseTiming != Post {
			t, err := ParseTiming(string(e.LicenseTiming))
			if err != nil {
				add(i, "license_timing", "%v", err)
			}
			e.LicenseTiming = t
		}
		for j, code := range e.Industries {
			ind, err := dict.ParseIndustryCode(code)
			if err != nil {
				add(i, "industries", "行业代码“%s”不是 GB/T 4754-2017 代码", code)
				continue
			}
			e.Industries[j] = ind.String()
		}
		e.Keywords = cleanList(e.Keywords)
		e.EntTypes = cleanList(e.EntTypes)
		for j := range e.Licenses {
			l := &e.Licenses[j]
			field := fmt.Sprintf("licenses[%d]", j+1)
			l.Item = strings.TrimSpace(l.Item)
			l.Document = strings.TrimSpace(l.Document)
			l.Level = strings.TrimSpace(l.Level)
			if l.Item == "" {
				add(i, field+".item", "许可事项不能为空")
			}
			if id, ok := MatchDepartment(l.ApprovingDept); ok {
				l.ApprovingDept = id
			} else {
				add(i, field+".approving_dept", "无法识别的审批部门“%s”", l.ApprovingDept)
			}
			if strings.TrimSpace(l.SupervisingDept) == "" {
				l.SupervisingDept = l.ApprovingDept
			} else if id, ok := MatchDepartment(l.SupervisingDept); ok {
				l.SupervisingDept = id
			} else {
				add(i, field+".supervising_dept", "无法识别的主管部门“%s”", l.SupervisingDept)
			}
			if e.Kind == Filing {
				l.Filing = true
			}
		}
		switch e.Kind {
		case Licensed:
			if len(e.approvals()) == 0 {
				add(i, "licenses", "许可项目“%s”必须至少对应一项许可事项及其审批部门", e.Wording)
			}
			if e.LicenseTiming == "" {
				e.LicenseTiming = Post
			}
		case Filing:
			if len(e.Licenses) == 0 {
				add(i, "licenses", "备案项目“%s”必须写明备案事项及其部门", e.Wording)
			}
			e.LicenseTiming = ""
		case General:
			if len(e.Licenses) > 0 {
				add(i, "licenses", "一般项目“%s”不应对应许可事项（如需审批，条目类型应为许可项目）", e.Wording)
			}
			e.LicenseTiming = ""
		}
		if e.Provenance.Source == "" {
			e.Provenance.Source = "imported"
		}
		if e.Code != "" {
			if _, dup := c.byCode[e.Code]; !dup {
				c.byCode[e.Code] = len(c.entries)
			}
		}
		c.entries = append(c.entries, e)
	}
	if len(problems) > 0 {
		return nil, invalid(problems)
	}
	return c, nil
}

func codeChars(s string) bool {
	for _, r := range s {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_')) {
			return false
		}
	}
	return true
}

// normText folds width and brackets like names are folded, keeping the
// catalogue's full-width punctuation, and drops white space.
func normText(s string) string {
	s = dict.FoldWidth(s)
	// FoldWidth turns ASCII punctuation the registry writes full-width back
	// to half width; the catalogue's separators are full-width.
	return strings.NewReplacer(",", "，", ":", "：").Replace(s)
}

func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// Version is the catalogue version (0 for the built-in default).
func (c *Catalogue) Version() int { return c.version }

// WithVersion returns the same catalogue carrying version v.
func (c *Catalogue) WithVersion(v int) *Catalogue {
	d := *c
	d.version = v
	return &d
}

// Name of the catalogue.
func (c *Catalogue) Name() string { return c.name }

// Description of the catalogue.
func (c *Catalogue) Description() string { return c.description }

// Len is the number of entries.
func (c *Catalogue) Len() int { return len(c.entries) }

// Entries returns a copy of every entry, in catalogue order.
func (c *Catalogue) Entries() []Entry {
	out := make([]Entry, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.clone()
	}
	return out
}

// Entry returns a copy of the entry with code.
func (c *Catalogue) Entry(code string) (Entry, bool) {
	e := c.entry(code)
	if e == nil {
		return Entry{}, false
	}
	return e.clone(), true
}

func (c *Catalogue) entry(code string) *Entry {
	i, ok := c.byCode[strings.TrimSpace(code)]
	if !ok {
		return nil
	}
	return &c.entries[i]
}

// Info summarizes the catalogue.
func (c *Catalogue) Info() CatalogueInfo {
	info := CatalogueInfo{Version: c.version, Name: c.name, Description: c.description, Entries: len(c.entries)}
	for _, e := range c.entries {
		switch e.Kind {
		case Licensed:
			info.Licensed++
		case Filing:
			info.Filing++
		}
	}
	return info
}

// catalogueJSON is the native serialization, the format of the embedded
// default catalogue and of stored versions.
type catalogueJSON struct {
	Version     int     `json:"version,omitempty"`
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	GeneratedBy string  `json:"generated_by,omitempty"`
	Entries     []Entry `json:"entries"`
}

// MarshalJSON writes the native format that DecodeCatalogue reads.
func (c *Catalogue) MarshalJSON() ([]byte, error) {
	return json.Marshal(catalogueJSON{Version: c.version, Name: c.name, Description: c.description, Entries: c.entries})
}

// DecodeCatalogue reads the native JSON format (what MarshalJSON writes),
// validating it like NewCatalogue.
func DecodeCatalogue(r io.Reader) (*Catalogue, error) {
	var doc catalogueJSON
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return nil, apperr.Invalid("经营范围目录不是有效的 JSON：%s", jsonProblem(err))
	}
	c, err := NewCatalogue(doc.Name, doc.Description, doc.Entries)
	if err != nil {
		return nil, err
	}
	c.version = doc.Version
	return c, nil
}

//go:embed data/catalogue.json
var defaultCatalogueJSON string

var (
	defaultOnce sync.Once
	defaultCat  *Catalogue
)

// DefaultCatalogue is the catalogue built into the binary (version 0). It is
// not the official national catalogue: a bureau imports that to replace it.
func DefaultCatalogue() *Catalogue {
	defaultOnce.Do(func() {
		c, err := DecodeCatalogue(strings.NewReader(defaultCatalogueJSON))
		if err != nil {
			// Generated and tested data; failing here means a broken build.
			panic("scope: embedded default catalogue: " + err.Error())
		}
		defaultCat = c.WithVersion(0)
	})
	return defaultCat
}
