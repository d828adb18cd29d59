package scope

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"namescope/apperr"
)

// A record in the shape the provincial query systems return, nested the way
// their API answers are.
const officialSample = `{"code":0,"data":{"list":[
 {"scopeCode":"F1041","standardItem":"食品销售","permitType":2,
  "description":"指从事食品批发、零售、互联网销售的经营活动",
  "gbObjList":"[{\"code\":\"F\",\"name\":\"批发和零售业\"},{\"code\":\"51\",\"name\":\"批发业\"},{\"code\":\"5129\",\"name\":\"其他食品批发\"},{\"code\":\"5229\",\"name\":\"其他食品零售\"}]",
  "entType":"1;2;3",
  "highlight":{"includedItemsIk":["预包装<b style='color: #1890ff'>食品</b>；散装食品"]},
  "approvalList":[{"aName":"食品经营许可（除仅销售预包装食品外）","licenseName":"食品经营许可证",
   "approvalLevel":"县级以上地方市场监管部门","supervisorDepType":"市场监管部门;","aType":"2"}]},
 {"scopeCode":"F1040","standardItem":"食品销售（仅销售预包装食品）","permitType":"4","gbName":"5221粮油零售；5229其他食品零售",
  "approvalList":[{"aName":"食品经营许可（仅销售预包装食品）","licenseName":"仅销售预包装食品备案文件",
   "approvalLevel":"县级以上地方市场监管部门","supervisorDepType":"市场监管部门;","aType":"4"}]},
 {"scopeCode":"L9001","standardItem":"保安服务","permitType":2,"includedItemsIk":"门卫；巡逻",
  "approvalList":[{"aName":"保安服务公司设立许可","licenseName":"保安服务许可证",
   "approvalLevel":"省级公安机关","supervisorDepType":"公安部门;","aType":"1"}]},
 {"scopeCode":"F1186","standardItem":"国内贸易代理","permitType":0,"gbObjList":"[]","approvalList":[]}
]}}`

func TestLoadOfficialJSON(t *testing.T) {
	c, err := LoadOfficialJSON(strings.NewReader(officialSample), "省目录 2025")
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 4 || c.Name() != "省目录 2025" {
		t.Fatalf("loaded %d entries named %q", c.Len(), c.Name())
	}
	e, _ := c.Entry("F1041")
	if e.Kind != Licensed || e.LicenseTiming != Post || strings.Join(e.Industries, ",") != "F5129,F5229" ||
		strings.Join(e.EntTypes, ",") != "1,2,3" || strings.Join(e.Keywords, ",") != "预包装食品,散装食品" ||
		e.Licenses[0].ApprovingDept != "market_regulation" || e.Licenses[0].Level != "县级以上地方市场监管部门" {
		t.Errorf("F1041 = %+v", e)
	}
	f, _ := c.Entry("F1040")
	if f.Kind != Filing || !f.Licenses[0].Filing || strings.Join(f.Industries, ",") != "F5221,F5229" {
		t.Errorf("F1040 = %+v", f)
	}
	s, _ := c.Entry("L9001")
	if s.LicenseTiming != Pre || s.Licenses[0].ApprovingDept != "public_security" || strings.Join(s.Keywords, ",") != "门卫,巡逻" {
		t.Errorf("L9001 = %+v", s)
	}
}

func TestLoadOfficialJSONShanghaiSample(t *testing.T) {
	f, err := os.Open(sharedData(t, "business_scope/catalog_sample_shanghai_56.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := LoadOfficialJSON(f, "上海样例")
	if err == nil {
		t.Fatalf("the sample has licensed entries without approvals; want them reported, got %d entries", c.Len())
	}
	// C2005 食品添加剂生产 is permitType 2 with an empty approvalList: the
	// validation must name it (the default catalogue adds its licence).
	if !strings.Contains(err.Error(), "食品添加剂生产") {
		t.Errorf("error does not name the entry: %v", err)
	}
}

func TestLoadOfficialJSONErrors(t *testing.T) {
	cases := map[string]string{
		"not json":       `[{`,
		"no array":       `{"code":0,"msg":"ok"}`,
		"bad permitType": `[{"scopeCode":"X1","standardItem":"软件开发","permitType":9}]`,
	}
	for name, in := range cases {
		if _, err := LoadOfficialJSON(strings.NewReader(in), "x"); codeOf(err) != apperr.CodeInvalid {
			t.Errorf("%s: error %v, want invalid", name, err)
		}
	}
}

const tableCSV = "\ufeff条目代码,规范表述,条目类型,许可类型,行业代码,关键词,许可事项,许可证件,审批部门,审批层级,主管部门\n" +
	"A1,软件开发,一般,,6513;6511,APP、小程序,,,,,\n" +
	"A2,住宿服务,许可,后置,6110,宾馆,旅馆业特种行业许可,特种行业许可证,公安机关,县级以上公安机关,\n" +
	"A2,,,,,,公共场所卫生许可,公共场所卫生许可证,卫生健康主管部门,县级以上,卫生健康主管部门\n" +
	",,,,,,,,,,\n" +
	"A3,保安服务,licensed,pre,7271,,保安服务公司设立许可,保安服务许可证,public_security,省级公安机关,\n"

func TestLoadCSV(t *testing.T) {
	c, err := LoadCSV(strings.NewReader(tableCSV), "市局目录")
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 3 {
		t.Fatalf("%d entries, want 3", c.Len())
	}
	a1, _ := c.Entry("A1")
	if a1.Kind != General || strings.Join(a1.Industries, ",") != "I6513,I6511" || strings.Join(a1.Keywords, ",") != "APP,小程序" {
		t.Errorf("A1 = %+v", a1)
	}
	a2, _ := c.Entry("A2")
	if len(a2.Licenses) != 2 || a2.Licenses[1].ApprovingDept != "health" || a2.Licenses[0].SupervisingDept != "public_security" {
		t.Errorf("A2 = %+v", a2)
	}
	a3, _ := c.Entry("A3")
	if a3.LicenseTiming != Pre {
		t.Errorf("A3 = %+v", a3)
	}
}

func TestLoadCSVErrorsNameRowAndField(t *testing.T) {
	cases := []struct {
		name, csv string
		row       int
		field     string
	}{
		{"missing column", "code,wording\nA1,软件开发\n", 1, "kind"},
		{"unknown column", "code,wording,kind,colour\nA1,软件开发,一般,red\n", 1, "colour"},
		{"bad kind on row 3", "code,wording,kind\nA1,软件开发,一般\nA2,软件销售,maybe\n", 3, "kind"},
		{"bad industry on row 2", "code,wording,kind,industries\nA1,软件开发,一般,9999\n", 2, "industries"},
		{"licensed without licence on row 3", "code,wording,kind\nA1,软件开发,一般\nA2,药品零售,许可\n", 3, "licenses"},
		{"unknown department on row 2", "code,wording,kind,license_item,approving_dept\nA1,药品零售,许可,药品经营许可,火星局\n", 2, "licenses[1].approving_dept"},
		{"conflicting continuation row", "code,wording,kind\nA1,软件开发,一般\nA1,软件销售,一般\n", 3, "wording"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadCSV(strings.NewReader(c.csv), "x")
			if codeOf(err) != apperr.CodeInvalid {
				t.Fatalf("error %v, want invalid", err)
			}
			for _, p := range problemsOf(t, err) {
				if p.Row == c.row && p.Field == c.field {
					return
				}
			}
			t.Errorf("problems %+v lack row %d field %s", problemsOf(t, err), c.row, c.field)
		})
	}
}

func TestLoadXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"code", "wording", "kind", "license_timing", "industries", "license_item", "license_document", "approving_dept", "filing"},
		{"B1", "日用百货销售", "general", "", "5211", "", "", "", ""},
		{"B2", "药品零售", "licensed", "post", "5251", "药品零售企业经营许可", "药品经营许可证", "drug", ""},
		{"B3", "第二类医疗器械销售", "filing", "", "5254", "第二类医疗器械经营备案", "备案凭证", "药品监督管理部门", "是"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	c, err := LoadXLSX(&buf, "工作簿目录")
	if err != nil {
		t.Fatal(err)
	}
	b3, _ := c.Entry("B3")
	if c.Len() != 3 || b3.Kind != Filing || b3.Licenses[0].ApprovingDept != "drug" || !b3.Licenses[0].Filing {
		t.Errorf("loaded %d entries, B3 = %+v", c.Len(), b3)
	}
	if _, err := LoadXLSX(strings.NewReader("not a workbook"), "x"); codeOf(err) != apperr.CodeInvalid {
		t.Errorf("garbage workbook: %v", err)
	}
}

func TestFormats(t *testing.T) {
	cases := map[string]Format{"a.csv": FormatCSV, "B.XLSX": FormatXLSX, "c.json": FormatOfficialJSON}
	for name, want := range cases {
		if got, err := FormatOf(name); err != nil || got != want {
			t.Errorf("FormatOf(%s) = %s, %v", name, got, err)
		}
	}
	if _, err := FormatOf("a.txt"); codeOf(err) != apperr.CodeInvalid {
		t.Errorf("FormatOf(a.txt): %v", err)
	}
	for _, s := range []string{"official", "json", "native", "csv", "xlsx"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%s): %v", s, err)
		}
	}
	// Load dispatches; native reads what MarshalJSON writes.
	var buf bytes.Buffer
	b, _ := mustCatalogue(t, Entry{Code: "A1", Wording: "软件开发", Kind: General}).MarshalJSON()
	buf.Write(b)
	if c, err := Load(FormatNative, &buf, "ignored"); err != nil || c.Len() != 1 {
		t.Errorf("Load native: %v", err)
	}
}
