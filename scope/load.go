package scope

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"namescope/apperr"
)

// Format of a catalogue file to import.
type Format string

// Import formats.
const (
	FormatOfficialJSON Format = "official" // records of the 经营范围规范表述 query system (scopeCode, standardItem, permitType …)
	FormatNative       Format = "native"   // namescope's own JSON (what Catalogue.MarshalJSON writes)
	FormatCSV          Format = "csv"      // the tabular layout below, UTF-8, comma separated
	FormatXLSX         Format = "xlsx"     // the same layout in the first sheet of a workbook
)

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatOfficialJSON, FormatNative, FormatCSV, FormatXLSX:
		return f, nil
	case "json":
		return FormatOfficialJSON, nil
	}
	return "", apperr.Invalid("无法识别的目录格式“%s”（应为 official、native、csv 或 xlsx）", s)
}

// FormatOf guesses the format of a file from its name: .csv, .xlsx, and
// .json for the official JSON.
func FormatOf(filename string) (Format, error) {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".csv":
		return FormatCSV, nil
	case ".xlsx":
		return FormatXLSX, nil
	case ".json":
		return FormatOfficialJSON, nil
	}
	return "", apperr.Invalid("无法根据文件名“%s”判断目录格式（支持 .json、.csv、.xlsx）", filename)
}

// maxImportBytes bounds what a loader reads; the national catalogue is a few
// megabytes in any of the formats.
const maxImportBytes = 64 << 20

// Load reads a catalogue in format f and names it.
func Load(f Format, r io.Reader, name string) (*Catalogue, error) {
	switch f {
	case FormatOfficialJSON:
		return LoadOfficialJSON(r, name)
	case FormatNative:
		return DecodeCatalogue(io.LimitReader(r, maxImportBytes))
	case FormatCSV:
		return LoadCSV(r, name)
	case FormatXLSX:
		return LoadXLSX(r, name)
	}
	return nil, apperr.Invalid("无法识别的目录格式“%s”", f)
}

func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, apperr.Invalid("读取目录文件失败，请重新上传")
	}
	if len(b) > maxImportBytes {
		return nil, apperr.Invalid("目录文件超过 %d MB", maxImportBytes>>20)
	}
	return b, nil
}

// officialRecord is one entry as the provincial query systems return it
// (see ../shared/data/business_scope/catalog_sample_shanghai_56.json).
type officialRecord struct {
	ScopeCode    string          `json:"scopeCode"`
	StandardItem string          `json:"standardItem"`
	PermitType   json.RawMessage `json:"permitType"`      // 0 一般, 2 许可, 4 备案 (number or string)
	Description  string          `json:"description"`     // 条目说明
	GbObjList    json.RawMessage `json:"gbObjList"`       // JSON text or array of {code, name}
	GbName       string          `json:"gbName"`          // "5221粮油零售；5222…" when gbObjList is absent
	EntType      string          `json:"entType"`         // "1;2;3"
	Included     json.RawMessage `json:"includedItemsIk"` // keywords: "a；b" or ["a", "b"]
	Highlight    struct {
		Included []string `json:"includedItemsIk"`
	} `json:"highlight"`
	ApprovalList []struct {
		AName             string `json:"aName"`
		LicenseName       string `json:"licenseName"`
		ApprovalLevel     string `json:"approvalLevel"`
		SupervisorDepType string `json:"supervisorDepType"`
		AType             string `json:"aType"` // 1 前置, 2 后置, 4 备案
	} `json:"approvalList"`
}

var (
	htmlTag    = regexp.MustCompile(`<[^>]*>`)
	gbNameCode = regexp.MustCompile(`(?:^|；|;)\s*([A-T]?\d{2,4})`)
)

// LoadOfficialJSON reads the official JSON: an array of records, or an
// object holding that array under data, list, records, rows, items or result
// (at any depth the query systems nest it).
func LoadOfficialJSON(r io.Reader, name string) (*Catalogue, error) {
	b, err := readAll(r)
	if err != nil {
		return nil, err
	}
	raw, err := findRecordArray(b)
	if err != nil {
		return nil, err
	}
	entries := make([]Entry, 0, len(raw))
	var problems []Problem
	for i, rec := range raw {
		var o officialRecord
		if err := json.Unmarshal(rec, &o); err != nil {
			problems = append(problems, Problem{Row: i + 1, Field: "record", Message: "不是有效的条目记录：" + jsonProblem(err)})
			continue
		}
		e, ps := o.entry(i + 1)
		problems = append(problems, ps...)
		entries = append(entries, e)
	}
	if len(problems) > 0 {
		return nil, invalid(problems)
	}
	return NewCatalogue(name, "导入的官方经营范围规范表述目录", entries)
}

func findRecordArray(b []byte) ([]json.RawMessage, error) {
	var v json.RawMessage = bytes.TrimSpace(b)
	for depth := 0; depth < 4; depth++ {
		if len(v) > 0 && v[0] == '[' {
			var arr []json.RawMessage
			if err := json.Unmarshal(v, &arr); err != nil {
				return nil, apperr.Invalid("官方目录不是有效的 JSON 数组：%s", jsonProblem(err))
			}
			return arr, nil
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(v, &obj); err != nil {
			return nil, apperr.Invalid("官方目录不是有效的 JSON：%s", jsonProblem(err))
		}
		next := json.RawMessage(nil)
		for _, k := range []string{"data", "list", "records", "rows", "items", "result"} {
			if x, ok := obj[k]; ok {
				next = bytes.TrimSpace(x)
				break
			}
		}
		if next == nil {
			break
		}
		v = next
	}
	return nil, apperr.Invalid("官方目录中找不到条目数组（应为数组，或位于 data/list/records 之下）")
}

func (o *officialRecord) entry(row int) (Entry, []Problem) {
	var problems []Problem
	e := Entry{
		Code:        strings.TrimSpace(o.ScopeCode),
		Wording:     strings.TrimSpace(o.StandardItem),
		Explanation: strings.TrimSpace(o.Description),
		Provenance:  Provenance{Source: "imported", Note: "官方目录 scopeCode " + strings.TrimSpace(o.ScopeCode)},
	}
	pt := strings.Trim(string(o.PermitType), `" `)
	k, err := ParseKind(pt)
	if err != nil {
		problems = append(problems, Problem{Row: row, Field: "permitType", Message: err.Error()})
	}
	e.Kind = k
	e.Industries = officialIndustries(o.GbObjList, o.GbName)
	for _, t := range strings.Split(o.EntType, ";") {
		if t = strings.TrimSpace(t); t != "" {
			e.EntTypes = append(e.EntTypes, t)
		}
	}
	e.Keywords = officialKeywords(o.Included, o.Highlight.Included)
	for _, a := range o.ApprovalList {
		l := License{
			Item:            strings.TrimSpace(a.AName),
			Document:        strings.TrimSpace(a.LicenseName),
			ApprovingDept:   a.ApprovalLevel,
			Level:           strings.TrimSpace(a.ApprovalLevel),
			SupervisingDept: a.SupervisorDepType,
			Filing:          strings.TrimSpace(a.AType) == "4",
		}
		if strings.TrimSpace(a.AType) == "1" {
			e.LicenseTiming = Pre
		}
		if _, ok := MatchDepartment(l.ApprovingDept); !ok {
			// Some records name only the supervising department type.
			l.ApprovingDept = a.SupervisorDepType
		}
		e.Licenses = append(e.Licenses, l)
	}
	if e.Kind == Licensed && e.LicenseTiming == "" {
		e.LicenseTiming = Post
	}
	return e, problems
}

// officialIndustries keeps the most specific codes of gbObjList (the list
// also carries every ancestor: F, 51, 512, 5121 …), falling back to gbName.
func officialIndustries(list json.RawMessage, gbName string) []string {
	var codes []string
	list = bytes.TrimSpace(list)
	if len(list) > 0 && list[0] == '"' {
		var s string
		if json.Unmarshal(list, &s) == nil {
			list = []byte(s)
		}
	}
	var objs []struct {
		Code string `json:"code"`
	}
	if len(list) > 0 && json.Unmarshal(list, &objs) == nil {
		for _, o := range objs {
			codes = append(codes, strings.TrimSpace(o.Code))
		}
	}
	if len(codes) == 0 {
		for _, m := range gbNameCode.FindAllStringSubmatch(gbName, -1) {
			codes = append(codes, m[1])
		}
	}
	var digits []string
	for _, c := range codes {
		c = strings.TrimLeft(c, "ABCDEFGHIJKLMNOPQRST")
		if c != "" {
			digits = append(digits, c)
		}
	}
	var leaves []string
	for _, c := range digits {
		leaf := true
		for _, o := range digits {
			if o != c && strings.HasPrefix(o, c) {
				leaf = false
				break
			}
		}
		if leaf && !contains(leaves, c) {
			leaves = append(leaves, c)
		}
	}
	return leaves
}

func officialKeywords(raw json.RawMessage, highlighted []string) []string {
	var parts []string
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 {
		var s string
		var arr []string
		switch {
		case json.Unmarshal(raw, &s) == nil:
			parts = append(parts, s)
		case json.Unmarshal(raw, &arr) == nil:
			parts = append(parts, arr...)
		}
	}
	if len(parts) == 0 {
		parts = highlighted
	}
	var out []string
	for _, p := range parts {
		p = htmlTag.ReplaceAllString(p, "")
		for _, k := range strings.FieldsFunc(p, func(r rune) bool { return r == '；' || r == ';' }) {
			if k = strings.TrimSpace(k); k != "" && !contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// The tabular layout (CSV and XLSX). The first row names the columns, in any
// order, in English or Chinese; code, wording and kind are required:
//
//	code             条目代码   entry code (letters, digits, - and _)
//	wording          规范表述   the normalized wording
//	kind             条目类型   general/licensed/filing, 一般/许可/备案 or 0/2/4
//	license_timing   许可类型   pre/post or 前置/后置 (licensed entries; default post)
//	explanation      条目说明
//	industries       行业代码   GB/T 4754-2017 codes separated by ；;, or spaces
//	ent_types        适用主体   separated like industries
//	keywords         关键词     separated by ；; or 、
//	license_item     许可事项
//	license_document 许可证件
//	approving_dept   审批部门   department id or Chinese name
//	approval_level   审批层级
//	supervising_dept 主管部门   department id or Chinese name (default: the approving one)
//	filing           备案       yes/是/1 when the licence is a filing
//
// An entry with several licences takes one row per licence: the rows after
// the first repeat the code and may leave the other entry columns empty.
var tableColumns = map[string]string{
	"code": "code", "条目代码": "code", "scopecode": "code",
	"wording": "wording", "规范表述": "wording", "条目名称": "wording", "standarditem": "wording",
	"kind": "kind", "条目类型": "kind", "permittype": "kind",
	"license_timing": "license_timing", "许可类型": "license_timing",
	"explanation": "explanation", "条目说明": "explanation", "description": "explanation",
	"industries": "industries", "行业代码": "industries", "所属行业": "industries",
	"ent_types": "ent_types", "适用主体": "ent_types", "enttype": "ent_types",
	"keywords": "keywords", "关键词": "keywords",
	"license_item": "license_item", "许可事项": "license_item", "对应许可事项": "license_item",
	"license_document": "license_document", "许可证件": "license_document", "许可证件名称": "license_document",
	"approving_dept": "approving_dept", "审批部门": "approving_dept",
	"approval_level": "approval_level", "审批层级": "approval_level",
	"supervising_dept": "supervising_dept", "主管部门": "supervising_dept", "监管部门": "supervising_dept",
	"filing": "filing", "备案": "filing",
}

// LoadCSV reads the tabular layout from UTF-8 CSV (a byte-order mark is
// allowed).
func LoadCSV(r io.Reader, name string) (*Catalogue, error) {
	b, err := readAll(r)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, invalid([]Problem{{Row: pe.Line, Field: "csv", Message: csvProblem(pe.Err)}})
		}
		return nil, apperr.Invalid("读取 CSV 失败，请检查文件是否为 UTF-8 编码的 CSV")
	}
	return fromTable(rows, name, "导入的经营范围目录（CSV）")
}

// LoadXLSX reads the tabular layout from the first sheet of a workbook.
func LoadXLSX(r io.Reader, name string) (*Catalogue, error) {
	b, err := readAll(r)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, apperr.Invalid("不是有效的 XLSX 工作簿（应为 Excel 2007 及以上版本的 .xlsx 文件）")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, apperr.Invalid("XLSX 工作簿中没有工作表")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, apperr.Invalid("读取工作表“%s”失败：%v", sheets[0], err)
	}
	return fromTable(rows, name, "导入的经营范围目录（XLSX）")
}

func fromTable(rows [][]string, name, description string) (*Catalogue, error) {
	if len(rows) == 0 {
		return nil, invalid([]Problem{{Row: 1, Field: "header", Message: "文件为空，第一行应为列名"}})
	}
	col := map[string]int{}
	var problems []Problem
	for i, h := range rows[0] {
		key := strings.ToLower(strings.TrimSpace(h))
		if std, ok := tableColumns[key]; ok {
			col[std] = i
		} else if key != "" {
			problems = append(problems, Problem{Row: 1, Field: h, Message: "无法识别的列名"})
		}
	}
	for _, req := range []string{"code", "wording", "kind"} {
		if _, ok := col[req]; !ok {
			problems = append(problems, Problem{Row: 1, Field: req, Message: "缺少必需的列"})
		}
	}
	if len(problems) > 0 {
		return nil, invalid(problems)
	}
	cell := func(row []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	var entries []Entry
	var lines []int
	byCode := map[string]int{}
	for n, row := range rows[1:] {
		line := n + 2
		code := cell(row, "code")
		if code == "" && strings.TrimSpace(strings.Join(row, "")) == "" {
			continue // blank line
		}
		lic := License{
			Item:            cell(row, "license_item"),
			Document:        cell(row, "license_document"),
			ApprovingDept:   cell(row, "approving_dept"),
			Level:           cell(row, "approval_level"),
			SupervisingDept: cell(row, "supervising_dept"),
			Filing:          truthy(cell(row, "filing")),
		}
		hasLicense := lic.Item != "" || lic.ApprovingDept != ""
		if i, seen := byCode[code]; seen && code != "" {
			// A further licence of an entry already read.
			if w := cell(row, "wording"); w != "" && normText(w) != entries[i].Wording {
				problems = append(problems, Problem{Row: line, Field: "wording", Message: fmt.Sprintf("条目代码 %s 已在第 %d 行以不同的规范表述出现", code, lines[i])})
			}
			if hasLicense {
				entries[i].Licenses = append(entries[i].Licenses, lic)
			}
			continue
		}
		e := Entry{
			Code:        code,
			Wording:     cell(row, "wording"),
			Explanation: cell(row, "explanation"),
			Industries:  splitCell(cell(row, "industries"), "；;,， "),
			EntTypes:    splitCell(cell(row, "ent_types"), "；;,， "),
			Keywords:    splitCell(cell(row, "keywords"), "；;、"),
			Provenance:  Provenance{Source: "imported", Note: fmt.Sprintf("导入文件第 %d 行", line)},
		}
		k, err := ParseKind(cell(row, "kind"))
		if err != nil {
			problems = append(problems, Problem{Row: line, Field: "kind", Message: err.Error()})
		}
		e.Kind = k
		t, err := ParseTiming(cell(row, "license_timing"))
		if err != nil {
			problems = append(problems, Problem{Row: line, Field: "license_timing", Message: err.Error()})
		}
		e.LicenseTiming = t
		if hasLicense {
			e.Licenses = append(e.Licenses, lic)
		}
		if code != "" {
			byCode[code] = len(entries)
		}
		entries = append(entries, e)
		lines = append(lines, line)
	}
	if len(problems) > 0 {
		return nil, invalid(problems)
	}
	return newCatalogue(name, description, entries, lines)
}

func splitCell(s, seps string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "1", "yes", "y", "true", "是", "备案":
		return true
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n != 0
	}
	return false
}

// jsonProblem says in Chinese what is wrong with a JSON document, without
// the library's text (which names Go types).
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("第 %d 个字节附近有语法错误", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("字段 %s 的类型不正确", typ.Field)
		}
		return "此处应为 JSON 对象或数组"
	case errors.Is(err, io.ErrUnexpectedEOF), strings.Contains(err.Error(), "unexpected end of JSON input"):
		return "内容不完整"
	}
	return "格式不正确"
}

// csvProblem says in Chinese what is wrong with a CSV row.
func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "引号使用不正确（字段中的引号须成对出现）"
	case errors.Is(err, csv.ErrBareQuote):
		return "未加引号的字段中出现了引号"
	case errors.Is(err, csv.ErrFieldCount):
		return "列数与表头不一致"
	}
	return "格式不正确"
}
