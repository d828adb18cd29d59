package scope

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"namescope/apperr"
	"namescope/dict"
)

func TestSearchTopHit(t *testing.T) {
	cases := []struct{ query, want string }{
		{"卖烟", "烟草制品零售"},
		{"修鞋", "鞋和皮革修理"},
		{"开民宿", "住宿服务"},
		{"我想开一家民宿", "住宿服务"},
		{"做蛋糕", "食品生产"},
		{"开饭店", "餐饮服务"},
		{"卖衣服", "服装服饰零售"},
		{"修手机", "通讯设备修理"},
		{"软件开发", "软件开发"},
		{"软件开", "软件开发"},
		{"五金交电", "五金产品零售"},
		{"卷烟", "烟草制品零售"},
		{"網吧", "互联网上网服务"}, // traditional characters are folded
		{"ＫＴＶ", "歌舞娱乐活动"}, // full width is folded
		{"道路货物运输（不含危险货物）", "道路货物运输（不含危险货物）"},
	}
	s := defaultSearcher(t)
	for _, c := range cases {
		res, err := s.Search(context.Background(), Query{Text: c.query, Limit: 5})
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if len(res.Hits) == 0 || res.Hits[0].Wording != c.want {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Wording)
			}
			t.Errorf("%s: top %v, want %s first", c.query, got, c.want)
		}
		if res.Total < len(res.Hits) {
			t.Errorf("%s: total %d < %d hits", c.query, res.Total, len(res.Hits))
		}
	}
}

// The evaluation set's figures are in docs/benchmarks-scope.md; this keeps
// them from silently falling below the targets.
func TestSearchEvaluationSet(t *testing.T) {
	b, err := os.ReadFile("testdata/eval_queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []struct {
			Query  string   `json:"query"`
			Accept []string `json:"accept"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) < 150 {
		t.Fatalf("%d evaluation queries, want at least 150", len(doc.Items))
	}
	s := defaultSearcher(t)
	hit5, rr := 0, 0.0
	for _, q := range doc.Items {
		res, err := s.Search(context.Background(), Query{Text: q.Query, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range res.Hits {
			if contains(q.Accept, h.Code) {
				if i < 5 {
					hit5++
				}
				rr += 1 / float64(i+1)
				break
			}
		}
	}
	n := float64(len(doc.Items))
	if r := float64(hit5) / n; r < 0.9 {
		t.Errorf("recall@5 = %.3f, target 0.9", r)
	}
	if mrr := rr / n; mrr < 0.8 {
		t.Errorf("MRR@10 = %.3f, want at least 0.8", mrr)
	}
}

func TestSearchFilters(t *testing.T) {
	s := defaultSearcher(t)
	ctx := context.Background()
	res, err := s.Search(ctx, Query{Text: "食品", Kind: Licensed, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no licensed 食品 entries")
	}
	for _, h := range res.Hits {
		if h.Kind != Licensed {
			t.Errorf("kind filter let %s (%s) through", h.Wording, h.Kind)
		}
	}
	for _, industry := range []string{"H62", "62", "H", "H6210"} {
		res, err = s.Search(ctx, Query{Text: "服务", Industry: industry, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := dict.ParseIndustryCode(industry)
		for _, h := range res.Hits {
			ok := false
			for _, code := range h.Industries {
				if strings.HasPrefix(code, want.String()) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("industry %s let %s %v through", industry, h.Wording, h.Industries)
			}
		}
		if len(res.Hits) == 0 {
			t.Errorf("industry %s: no hits", industry)
		}
	}
}

func TestSearchBrowse(t *testing.T) {
	s := defaultSearcher(t)
	res, err := s.Search(context.Background(), Query{Industry: "I65", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, e := range s.cat.entries {
		for _, c := range e.Industries {
			if strings.HasPrefix(c, "I65") {
				want++
				break
			}
		}
	}
	if res.Total != want || len(res.Hits) != min(want, 100) {
		t.Errorf("browse I65: total %d, %d hits; want %d", res.Total, len(res.Hits), want)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i-1].Code > res.Hits[i].Code {
			t.Errorf("browse not in code order at %d", i)
		}
	}
	all, _ := s.Search(context.Background(), Query{})
	if all.Total != s.cat.Len() || len(all.Hits) != defaultLimit {
		t.Errorf("browse all: total %d hits %d", all.Total, len(all.Hits))
	}
}

func TestSearchHitDetails(t *testing.T) {
	s := defaultSearcher(t)
	res, err := s.Search(context.Background(), Query{Text: "开民宿", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[0]
	if h.Highlight != "<em>住宿服务</em>" || h.Kind != Licensed || h.LicenseTiming != Post || len(h.Licenses) != 2 {
		t.Errorf("hit = %+v", h)
	}
	roles := map[string]DepartmentRef{}
	for _, d := range h.Departments {
		roles[d.ID] = d
	}
	if d := roles["public_security"]; !d.Approves || !d.Supervises || d.Name != "公安机关" {
		t.Errorf("departments = %+v", h.Departments)
	}
	if _, ok := roles["health"]; !ok {
		t.Errorf("departments = %+v", h.Departments)
	}

	res, _ = s.Search(context.Background(), Query{Text: "软件开", Limit: 1})
	if got := res.Hits[0].Highlight; got != "<em>软件开</em>发" {
		t.Errorf("typeahead highlight = %q", got)
	}
}

func TestSearchHighlightEscapes(t *testing.T) {
	c := mustCatalogue(t, Entry{Code: "A1", Wording: "A&B<咨询>服务", Kind: General})
	s, err := NewSearcher(c)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Search(context.Background(), Query{Text: "咨询"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	if got := res.Hits[0].Highlight; got != "A&amp;B&lt;<em>咨询</em>&gt;服务" {
		t.Errorf("highlight = %q", got)
	}
}

func TestSearchLimitsAndErrors(t *testing.T) {
	s := defaultSearcher(t)
	ctx := context.Background()
	res, _ := s.Search(ctx, Query{Text: "销售", Limit: 1000})
	if len(res.Hits) != maxLimit {
		t.Errorf("limit 1000 gave %d hits, want %d", len(res.Hits), maxLimit)
	}
	res, _ = s.Search(ctx, Query{Text: "销售"})
	if len(res.Hits) != defaultLimit {
		t.Errorf("default limit gave %d hits", len(res.Hits))
	}
	for _, q := range []Query{
		{Text: "食品", Kind: "unknown"},
		{Text: "食品", Industry: "Z99"},
		{Text: strings.Repeat("食", maxQueryRunes+1)},
	} {
		if _, err := s.Search(ctx, q); codeOf(err) != apperr.CodeInvalid {
			t.Errorf("%+v: error %v, want invalid", q, err)
		}
	}
	// Only filler words or punctuation: nothing to look for.
	for _, text := range []string{"我想", "，。、"} {
		res, err := s.Search(ctx, Query{Text: text})
		if err != nil || len(res.Hits) != 0 {
			t.Errorf("%q: %v %+v", text, err, res.Hits)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Search(cancelled, Query{Text: "食品"}); err == nil {
		t.Error("search with a cancelled context succeeded")
	}
}

func TestSearchIsDeterministicAndConcurrent(t *testing.T) {
	s := defaultSearcher(t)
	queries := []string{"卖烟", "食品", "修手机", "技术服务", "建材", "开网店卖衣服"}
	first := map[string]string{}
	for _, q := range queries {
		res, _ := s.Search(context.Background(), Query{Text: q})
		b, _ := json.Marshal(res)
		first[q] = string(b)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, q := range queries {
				res, err := s.Search(context.Background(), Query{Text: q})
				b, _ := json.Marshal(res)
				if err != nil || string(b) != first[q] {
					t.Errorf("%s: result differs under concurrency (%v)", q, err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestCoverage(t *testing.T) {
	set := gramSet("烟草制品零售")
	cases := []struct {
		runs []string
		want float64
	}{
		{[]string{"烟草制品"}, 1},
		{[]string{"烟草批发"}, 0.5},
		{[]string{"制品", "烟"}, 1},
		{[]string{"卖烟草"}, 2.0 / 3},
		{[]string{"鞋"}, 0},
		{nil, 0},
	}
	for _, c := range cases {
		var units []textUnits
		for _, r := range c.runs {
			units = append(units, unitsOf(r))
		}
		if got := coverage(units, set); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("coverage(%v) = %.3f, want %.3f", c.runs, got, c.want)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	s := defaultSearcher(b)
	queries := []string{"卖烟", "开饭店", "软件开", "五金交电", "食品销售", "修手机", "技术服务", "建材"}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Search(ctx, Query{Text: queries[i%len(queries)], Limit: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
