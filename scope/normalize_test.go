package scope

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"namescope/apperr"
)

func TestSplitLegacy(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"金属家具制造;塑料家具制造;五金产品批发;场地租赁（不含仓储）;(依法须经批准的项目，经相关部门批准后方可开展经营活动)〓",
			[]string{"金属家具制造", "塑料家具制造", "五金产品批发", "场地租赁（不含仓储）"}},
		{"销售五金、家电、建材；维修家用电器。", []string{"销售五金", "销售家电", "销售建材", "维修家用电器"}},
		{"五金交电、建筑材料、日用百货销售", []string{"五金交电销售", "建筑材料销售", "日用百货销售"}},
		{"技术开发、技术咨询、技术服务", []string{"技术开发", "技术咨询", "技术服务"}},
		{"一般经营项目：服装、鞋帽零售【依法须经批准的项目，经相关部门批准后方可开展经营活动】", []string{"服装零售", "鞋帽零售"}},
		{"百货 五金 电器", []string{"百货", "五金", "电器"}},
		{"法律、行政法规、国务院决定规定应当许可的，经审批机关批准后凭许可文件经营；法律、行政法规、国务院决定规定无需许可的，市场主体自主选择经营。", nil},
		{"从事货物进出口业务", []string{"货物进出口业务"}},
	}
	for _, c := range cases {
		got := SplitLegacy(c.text)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("SplitLegacy(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	s := defaultSearcher(t)
	res, err := s.Normalize(context.Background(), "卖烟；五金交电、建筑材料销售；房屋租赁；电子计算机及配件；汽液过滤网；销售")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{ // phrase → acceptable best proposals
		"卖烟":       {"烟草制品零售"},
		"五金交电销售":   {"五金产品零售", "五金产品批发"},
		"建筑材料销售":   {"建筑材料销售"},
		"房屋租赁":     {"住房租赁", "非居住房地产租赁"},
		"电子计算机及配件": {"计算机软硬件及辅助设备零售", "计算机软硬件及辅助设备批发"},
	}
	for _, p := range res.Phrases {
		w, mapped := want[p.Phrase]
		switch {
		case mapped && (len(p.Proposals) == 0 || !contains(w, p.Proposals[0].Wording)):
			t.Errorf("%s → %+v, want one of %v first", p.Phrase, p.Proposals, w)
		case !mapped && len(p.Proposals) > 0:
			t.Errorf("%s → %+v, want unmapped", p.Phrase, p.Proposals)
		}
	}
	if strings.Join(res.Unmapped, "|") != "汽液过滤网|销售" {
		t.Errorf("unmapped %v", res.Unmapped)
	}
	// 卖烟 is licensed: the proposal says so, so no one registers free text.
	if p := res.Phrases[0].Proposals[0]; p.Kind != Licensed {
		t.Errorf("卖烟 proposal %+v", p)
	}
	for _, text := range []string{"", "   ", strings.Repeat("卖烟；", maxLegacyRunes)} {
		if _, err := s.Normalize(context.Background(), text); codeOf(err) != apperr.CodeInvalid {
			t.Errorf("Normalize(%d chars): %v, want invalid", len(text), err)
		}
	}
}

// Labelled legacy phrases (scope/testdata/legacy_phrases.json): the figures
// are in docs/benchmarks-scope.md; this keeps them from silently falling.
func TestNormalizeLegacyPhrases(t *testing.T) {
	b, err := os.ReadFile("testdata/legacy_phrases.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []struct {
			Phrase string   `json:"phrase"`
			Accept []string `json:"accept"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	s := defaultSearcher(t)
	pos, any, neg, wrong := 0, 0, 0, 0
	for _, it := range doc.Items {
		res, err := s.Normalize(context.Background(), it.Phrase)
		if err != nil {
			t.Fatal(err)
		}
		var props []Proposal
		for _, p := range res.Phrases {
			props = append(props, p.Proposals...)
		}
		if len(it.Accept) == 0 {
			neg++
			if len(props) > 0 {
				wrong++
			}
			continue
		}
		pos++
		for _, p := range props {
			if contains(it.Accept, p.Code) {
				any++
				break
			}
		}
	}
	if r := float64(any) / float64(pos); r < 0.7 {
		t.Errorf("an accepted entry among the proposals for %.3f of mappable phrases, want at least 0.7", r)
	}
	if wrong > neg/2 {
		t.Errorf("%d of %d unmappable phrases mapped", wrong, neg)
	}
}

// Rows of the legacy sample (read by path, skipped when absent): no error,
// no boilerplate left as a phrase, and most phrases find a proposal.
func TestNormalizeLegacySample(t *testing.T) {
	f, err := os.Open(sharedData(t, "business_scope/company_scope_text_sample_30k.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	s := defaultSearcher(t)
	phrases, mapped := 0, 0
	for i := 1; i < len(rows); i += 100 { // 300 rows spread over the sample
		res, err := s.Normalize(context.Background(), rows[i][4])
		if err != nil {
			if codeOf(err) == apperr.CodeInvalid && strings.TrimSpace(rows[i][4]) == "" {
				continue
			}
			t.Fatalf("row %d: %v", i+1, err)
		}
		for _, p := range res.Phrases {
			phrases++
			if len(p.Proposals) > 0 {
				mapped++
			}
			if isBoilerplate(p.Phrase) || strings.Contains(p.Phrase, "依法须经") {
				t.Errorf("row %d: boilerplate phrase %q", i+1, p.Phrase)
			}
		}
	}
	if phrases == 0 {
		t.Fatal("no phrases")
	}
	if r := float64(mapped) / float64(phrases); r < 0.6 {
		t.Errorf("%.3f of %d phrases mapped, want at least 0.6", r, phrases)
	}
	t.Logf("%d phrases, %.3f mapped", phrases, float64(mapped)/float64(phrases))
}
