package name_test

import (
	"testing"
	"time"

	"namescope/dict"
	"namescope/name"
)

// existing is a record of name nm with main industry code, filed in one
// scope, its parts derived as the registry derives them.
func existing(t *testing.T, id, nm, code string, investors ...string) name.Existing {
	t.Helper()
	ind, err := dict.ParseIndustryCode(code)
	if err != nil {
		t.Fatal(err)
	}
	p := name.Parse(nm)
	return name.Existing{
		ID: id, Name: nm, Normalized: p.Normalized, Status: name.StatusActive, Scope: "410400",
		Industry: ind, TradeName: p.TradeName, IndustryExpr: p.HasIndustry(), IndustryText: p.Industry,
		Investors: investors,
	}
}

// A Comparer built from what the rule compares of a name (Parts.Compared,
// what an import keeps per row for its identical-name report) decides as
// one built from the whole parse.
func TestComparerOfCompared(t *testing.T) {
	today := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		a, b name.Existing
		want name.Identity
	}{
		{"same 字号 and industry",
			existing(t, "a", "平顶山市星河科技有限公司", "I65"), existing(t, "b", "平顶山星河科技有限公司", "I65"), name.Identical},
		{"same 字号, other industry",
			existing(t, "a", "平顶山市星河科技有限公司", "I65"), existing(t, "b", "平顶山市星河餐饮有限公司", "H62"), name.NotIdentical},
		{"no industry expression matches every industry",
			existing(t, "a", "平顶山市星河有限公司", "I65"), existing(t, "b", "平顶山市星河餐饮有限公司", "H62"), name.Identical},
		{"branch against its parent",
			existing(t, "a", "平顶山市星河科技有限公司湛河分公司", "I65"), existing(t, "b", "平顶山市星河科技有限公司", "I65"), name.NotIdentical},
		{"branch against the same branch name",
			existing(t, "a", "平顶山市星河科技有限公司湛河分公司", "I65"), existing(t, "b", "平顶山市星河科技有限公司湛河分公司", "I65"), name.Identical},
		{"investor exempt",
			existing(t, "a", "平顶山市星河科技有限公司", "I65", "平顶山星河科技有限公司"), existing(t, "b", "平顶山星河科技有限公司", "I65"), name.IdenticalExempt},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := name.Parse(tc.a.Name)
			whole := name.NewComparer(&tc.a, p, today, 0).To(&tc.b)
			kept := name.NewComparerOf(&tc.a, p.Compared(), today, 0).To(&tc.b)
			if whole != tc.want || kept != tc.want {
				t.Errorf("NewComparer %v, NewComparerOf %v, want %v", whole, kept, tc.want)
			}
		})
	}
}
