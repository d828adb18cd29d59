package index

import (
	"context"
	"testing"
)

func testIndex(t *testing.T) *CatalogueIndex {
	t.Helper()
	docs := []CatalogueDoc{
		{ID: "A1", Wording: "烟草制品零售", Kind: "licensed", Keywords: []string{"卷烟", "雪茄烟"}, Industries: []string{"F", "F52", "F522", "F5227"}},
		{ID: "A2", Wording: "烟草制品批发", Kind: "licensed", Industries: []string{"F", "F51", "F512", "F5128"}},
		{ID: "A3", Wording: "软件开发", Kind: "general", Explanation: "指计算机程序的开发", Industries: []string{"I", "I65", "I651", "I6513"}},
		{ID: "A4", Wording: "日用百货销售", Kind: "general", Industries: []string{"F", "F52", "F521", "F5211"}},
		{ID: "A5", Wording: "食品销售（仅销售预包装食品）", Kind: "filing", Industries: []string{"F", "F52", "F522", "F5229"}},
	}
	ix, err := BuildCatalogueIndex(docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(c Candidates) []string {
	var out []string
	for _, h := range c.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestCandidates(t *testing.T) {
	ix := testIndex(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		q     CatalogueQuery
		first string
		all   []string // every candidate, any order; nil to skip
	}{
		{"words", CatalogueQuery{Should: []Clause{{Field: FieldWording, Text: "烟草"}}}, "", []string{"A1", "A2"}},
		{"pairs of an unknown word", CatalogueQuery{Should: []Clause{{Field: FieldWordingGram, Text: "草制"}}}, "", []string{"A1", "A2"}},
		{"phrase", CatalogueQuery{Should: []Clause{{Field: FieldWordingGram, Text: "制品零售", Mode: Phrase}}}, "A1", []string{"A1"}},
		{"exact wording", CatalogueQuery{Should: []Clause{{Field: FieldWordingExact, Text: "软件开发", Mode: Exact}}}, "A3", []string{"A3"}},
		{"prefix", CatalogueQuery{Should: []Clause{{Field: FieldWordingExact, Text: "软件开", Mode: Prefix}}}, "A3", []string{"A3"}},
		{"keyword", CatalogueQuery{Should: []Clause{{Field: FieldKeywordExact, Text: "卷烟", Mode: Exact}}}, "A1", []string{"A1"}},
		{"explanation", CatalogueQuery{Should: []Clause{{Field: FieldExplanation, Text: "程序"}}}, "A3", []string{"A3"}},
		{"boost orders", CatalogueQuery{Should: []Clause{
			{Field: FieldWording, Text: "零售", Boost: 5}, {Field: FieldWording, Text: "批发", Boost: 1}}}, "A1", []string{"A1", "A2"}},
		{"kind filter", CatalogueQuery{Should: []Clause{{Field: FieldWordingGram, Text: "销售"}}, Kind: "filing"}, "A5", []string{"A5"}},
		{"industry filter", CatalogueQuery{Should: []Clause{{Field: FieldWording, Text: "烟草"}}, Industry: "F51"}, "A2", []string{"A2"}},
		{"browse by industry", CatalogueQuery{Industry: "F52"}, "A1", []string{"A1", "A4", "A5"}},
		{"no match", CatalogueQuery{Should: []Clause{{Field: FieldWording, Text: "飞机"}}}, "", []string{}},
		{"only punctuation", CatalogueQuery{Should: []Clause{{Field: FieldWording, Text: ""}}}, "", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Candidates(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			if c.first != "" && (len(got) == 0 || got[0] != c.first) {
				t.Errorf("candidates %v, want %s first", got, c.first)
			}
			if c.all != nil {
				if len(got) != len(c.all) || int(res.Total) != len(c.all) {
					t.Errorf("candidates %v (total %d), want %v", got, res.Total, c.all)
				}
				for _, id := range c.all {
					if !contains(got, id) {
						t.Errorf("candidates %v lack %s", got, id)
					}
				}
			}
		})
	}
}

func TestCandidatesBrowseOrderAndSize(t *testing.T) {
	ix := testIndex(t)
	res, err := ix.Candidates(context.Background(), CatalogueQuery{Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); len(got) != 2 || got[0] != "A1" || got[1] != "A2" || res.Total != 5 {
		t.Errorf("browse: %v total %d", got, res.Total)
	}
	res, _ = ix.Candidates(context.Background(), CatalogueQuery{Size: 2, From: 2})
	if got := ids(res); len(got) != 2 || got[0] != "A3" {
		t.Errorf("browse page 2: %v", got)
	}
}

func TestCandidatesCancelled(t *testing.T) {
	ix := testIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Candidates(ctx, CatalogueQuery{Should: []Clause{{Field: FieldWording, Text: "烟草"}}}); err == nil {
		t.Error("cancelled search succeeded")
	}
}
