package scope

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/dict"
)

func TestDefaultCatalogueCounts(t *testing.T) {
	cat := DefaultCatalogue()
	info := cat.Info()
	if info.Version != 0 {
		t.Errorf("default version = %d, want 0", info.Version)
	}
	if info.Entries < 1000 {
		t.Errorf("default catalogue has %d entries, want at least 1000", info.Entries)
	}
	if info.Licensed < 200 {
		t.Errorf("default catalogue has %d licensed entries, want at least 200", info.Licensed)
	}
	bySource := map[string]int{}
	for _, e := range cat.entries {
		bySource[e.Provenance.Source]++
	}
	if bySource["shanghai_sample"] != 56 {
		t.Errorf("shanghai_sample entries = %d, want 56", bySource["shanghai_sample"])
	}
	// 654 harvested wordings, 17 of which are Shanghai entries too.
	if got := bySource["harvested"]; got < 600 {
		t.Errorf("harvested entries = %d, want about 637", got)
	}
	if bySource["authored"] == 0 {
		t.Error("no authored entries")
	}
}

func TestDefaultCatalogueEntriesAreComplete(t *testing.T) {
	for _, e := range DefaultCatalogue().entries {
		if e.Provenance.Source == "" || e.Provenance.Note == "" {
			t.Errorf("%s %s: provenance missing", e.Code, e.Wording)
		}
		if len(e.Industries) == 0 {
			t.Errorf("%s %s: no GB/T 4754 code", e.Code, e.Wording)
		}
		for _, code := range e.Industries {
			ind, err := dict.ParseIndustryCode(code)
			if err != nil || ind.String() != code {
				t.Errorf("%s %s: industry %q invalid (%v)", e.Code, e.Wording, code, err)
			}
		}
		switch e.Kind {
		case Licensed:
			if len(e.approvals()) == 0 || (e.LicenseTiming != Pre && e.LicenseTiming != Post) {
				t.Errorf("%s %s: licensed without approval or timing", e.Code, e.Wording)
			}
		case Filing:
			if len(e.Licenses) == 0 {
				t.Errorf("%s %s: filing without its filing", e.Code, e.Wording)
			}
		}
		for _, l := range e.Licenses {
			for _, d := range []string{l.ApprovingDept, l.SupervisingDept} {
				if _, ok := DepartmentByID(d); !ok {
					t.Errorf("%s %s: unknown department %q", e.Code, e.Wording, d)
				}
			}
			if l.Item == "" {
				t.Errorf("%s %s: licence without item", e.Code, e.Wording)
			}
		}
	}
}

// The licences the domain rules name for common items.
func TestDefaultCatalogueKnownLicences(t *testing.T) {
	cases := []struct {
		wording, document, approving, supervising string
		timing                                    Timing
	}{
		{"烟草制品零售", "烟草专卖零售许可证", "tobacco", "tobacco", Post},
		{"食品经营", "食品经营许可证", "market_regulation", "market_regulation", Post},
		{"道路货物运输（不含危险货物）", "道路运输经营许可证", "transport", "transport", Post},
		{"建设工程施工", "建筑业企业资质证书", "housing_construction", "housing_construction", Post},
		{"药品零售", "药品经营许可证", "drug", "drug", Post},
		{"住宿服务", "特种行业许可证", "public_security", "public_security", Post},
		{"保安服务", "保安服务许可证", "public_security", "public_security", Pre},
		{"烟草制品批发", "烟草专卖批发企业许可证", "tobacco", "tobacco", Pre},
		{"歌舞娱乐活动", "娱乐经营许可证", "culture_tourism", "culture_tourism", Post},
	}
	cat := DefaultCatalogue()
	for _, c := range cases {
		e := byWording(t, cat, c.wording)
		if e.Kind != Licensed || e.LicenseTiming != c.timing {
			t.Errorf("%s: kind %s timing %s, want licensed %s", c.wording, e.Kind, e.LicenseTiming, c.timing)
		}
		found := false
		for _, l := range e.Licenses {
			if l.Document == c.document && l.ApprovingDept == c.approving && l.SupervisingDept == c.supervising {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no licence %s by %s/%s in %+v", c.wording, c.document, c.approving, c.supervising, e.Licenses)
		}
	}
}

// Every harvested wording is in the default catalogue verbatim.
func TestDefaultCatalogueHoldsHarvestedWordings(t *testing.T) {
	f, err := os.Open(sharedData(t, "business_scope/catalogue_wordings_harvested.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range DefaultCatalogue().entries {
		have[e.Wording] = true
	}
	for _, r := range rows[1:] {
		if !have[r[0]] {
			t.Errorf("harvested wording %q missing", r[0])
		}
	}
	if len(rows)-1 != 654 {
		t.Errorf("harvested file has %d wordings, want 654", len(rows)-1)
	}
}

func TestNewCatalogueValidation(t *testing.T) {
	ok := Entry{Code: "A1", Wording: "软件开发", Kind: General, Industries: []string{"6513"}}
	lic := License{Item: "食品经营许可", Document: "食品经营许可证", ApprovingDept: "市场监管部门"}
	cases := []struct {
		name    string
		entries []Entry
		row     int
		field   string
	}{
		{"empty code", []Entry{{Wording: "软件开发", Kind: General}}, 1, "code"},
		{"bad code", []Entry{{Code: "A 1", Wording: "软件开发", Kind: General}}, 1, "code"},
		{"duplicate code", []Entry{ok, {Code: "A1", Wording: "软件销售", Kind: General}}, 2, "code"},
		{"duplicate wording", []Entry{ok, {Code: "A2", Wording: "软件开发", Kind: General}}, 2, "wording"},
		{"semicolon in wording", []Entry{{Code: "A3", Wording: "软件开发；软件销售", Kind: General}}, 1, "wording"},
		{"unknown kind", []Entry{{Code: "A4", Wording: "软件开发", Kind: "special"}}, 1, "kind"},
		{"bad industry", []Entry{{Code: "A5", Wording: "软件开发", Kind: General, Industries: []string{"9999"}}}, 1, "industries"},
		{"licensed without licence", []Entry{{Code: "A6", Wording: "食品经营", Kind: Licensed}}, 1, "licenses"},
		{"general with licence", []Entry{{Code: "A7", Wording: "食品经营", Kind: General, Licenses: []License{lic}}}, 1, "licenses"},
		{"unknown department", []Entry{{Code: "A8", Wording: "食品经营", Kind: Licensed,
			Licenses: []License{{Item: "x", ApprovingDept: "宇宙管理局"}}}}, 1, "licenses[1].approving_dept"},
		{"licence without item", []Entry{{Code: "A9", Wording: "食品经营", Kind: Licensed,
			Licenses: []License{{ApprovingDept: "market_regulation"}}}}, 1, "licenses[1].item"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewCatalogue("测试", "", c.entries)
			if codeOf(err) != apperr.CodeInvalid {
				t.Fatalf("error %v, want invalid", err)
			}
			ps := problemsOf(t, err)
			found := false
			for _, p := range ps {
				if p.Row == c.row && p.Field == c.field {
					found = true
				}
			}
			if !found {
				t.Errorf("problems %+v lack row %d field %s", ps, c.row, c.field)
			}
			if !strings.Contains(err.Error(), "第 ") {
				t.Errorf("message %q does not name the row", err.Error())
			}
		})
	}
	if _, err := NewCatalogue("", "", []Entry{ok}); codeOf(err) != apperr.CodeInvalid {
		t.Errorf("unnamed catalogue: %v", err)
	}
	if _, err := NewCatalogue("x", "", nil); codeOf(err) != apperr.CodeInvalid {
		t.Errorf("empty catalogue: %v", err)
	}
}

func TestNewCatalogueNormalizes(t *testing.T) {
	c := mustCatalogue(t,
		Entry{Code: "L1", Wording: "食品经营", Kind: "许可", Industries: []string{"5229"},
			Licenses: []License{{Item: "食品经营许可", ApprovingDept: "县级以上地方市场监管部门"}}},
		Entry{Code: "F1", Wording: "食品销售(仅销售预包装食品)", Kind: "4",
			Licenses: []License{{Item: "备案", ApprovingDept: "market_regulation"}}},
	)
	l, _ := c.Entry("L1")
	if l.Kind != Licensed || l.LicenseTiming != Post || l.Industries[0] != "F5229" ||
		l.Licenses[0].ApprovingDept != "market_regulation" || l.Licenses[0].SupervisingDept != "market_regulation" {
		t.Errorf("licensed entry not normalized: %+v", l)
	}
	f, _ := c.Entry("F1")
	if f.Wording != "食品销售（仅销售预包装食品）" || f.Kind != Filing || !f.Licenses[0].Filing || f.Provenance.Source != "imported" {
		t.Errorf("filing entry not normalized: %+v", f)
	}
}

func TestCatalogueIsImmutable(t *testing.T) {
	c := mustCatalogue(t, Entry{Code: "A1", Wording: "软件开发", Kind: General, Keywords: []string{"APP"}})
	e, _ := c.Entry("A1")
	e.Keywords[0] = "changed"
	all := c.Entries()
	all[0].Wording = "changed"
	again, _ := c.Entry("A1")
	if again.Keywords[0] != "APP" || again.Wording != "软件开发" {
		t.Errorf("catalogue changed through a copy: %+v", again)
	}
	v := c.WithVersion(7)
	if v.Version() != 7 || c.Version() != 0 {
		t.Errorf("WithVersion: %d / %d", v.Version(), c.Version())
	}
}

func TestCatalogueJSONRoundTrip(t *testing.T) {
	c := DefaultCatalogue().WithVersion(3)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeCatalogue(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if d.Version() != 3 || d.Len() != c.Len() || d.Name() != c.Name() {
		t.Fatalf("round trip: version %d len %d name %q", d.Version(), d.Len(), d.Name())
	}
	for i := range c.entries {
		a, b := c.entries[i], d.entries[i]
		if a.Code != b.Code || a.Wording != b.Wording || a.Kind != b.Kind || len(a.Licenses) != len(b.Licenses) {
			t.Fatalf("entry %d differs: %+v vs %+v", i, a, b)
		}
	}
	if _, err := DecodeCatalogue(strings.NewReader("{")); codeOf(err) != apperr.CodeInvalid {
		t.Errorf("broken JSON: %v", err)
	}
}
