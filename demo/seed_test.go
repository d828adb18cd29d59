package demo_test

import (
	"context"
	"testing"

	"namescope/demo"
	"namescope/internal/testenv"
)

// demoNames is the number of names Seed writes: the fixture and the
// generated names of names.csv.
const demoNames = 6 + 3000

// Seed writes the demo registry once per data directory: a second call, and
// a restart of `serve --demo`, seed nothing.
func TestSeedOncePerDataDirectory(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t, testenv.Options{})
	for _, tc := range []struct {
		name string
		want int
	}{
		{"first call seeds the fixture and the generated names", demoNames},
		{"second call seeds nothing", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := demo.Seed(ctx, env.App.Store, env.App.Registry)
			if err != nil || n != tc.want {
				t.Fatalf("Seed = %d, %v; want %d", n, err, tc.want)
			}
			if c, _ := env.App.Names.Count(); c != demoNames {
				t.Errorf("%d names in the index, want %d", c, demoNames)
			}
		})
	}
	t.Run("a restart with --demo seeds nothing", func(t *testing.T) {
		served := testenv.New(t, testenv.Options{Demo: true})
		before, _ := served.App.Names.Count()
		served.Restart(t)
		after, _ := served.App.Names.Count()
		if before != demoNames || after != demoNames {
			t.Fatalf("names before the restart %d, after %d; want %d", before, after, demoNames)
		}
		if n, err := demo.Seed(ctx, served.App.Store, served.App.Registry); err != nil || n != 0 {
			t.Fatalf("Seed after serve --demo = %d, %v; want 0", n, err)
		}
	})
}

// The concrete cases that depend on the fixture (domain-rules.md E1–E6)
// check as the cases say on the demo registry, among its generated names.
func TestSeededFixtureChecks(t *testing.T) {
	env := testenv.New(t, testenv.Options{Demo: true})
	for _, tc := range []struct {
		name, authority, verdict, finding string
	}{
		{"平顶山市星河科技有限公司", "410400", "block", "identical_name"},   // E1
		{"鲁山县星河科技有限公司", "410400", "block", "identical_name"},    // E1, a county of the same city
		{"平顶山市蓝海商贸有限公司", "410400", "block", "identical_name"},   // E3 cancelled 8 months ago
		{"平顶山市云帆商贸有限公司", "410400", "pass", ""},                  // E4 cancelled 14 months ago
		{"平顶山市星耀科技有限公司", "410400", "block", "identical_name"},   // E6 reserved 20 days ago
		{"平顶山市瑞丰科技有限公司", "410400", "block", "identical_name"},   // E5 without an industry expression
		{"平顶山市金鼎餐饮管理有限公司", "410400", "block", "identical_name"}, // E2
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, raw := env.Do(t, "POST", "/api/v1/names/check", "", map[string]any{"name": tc.name, "authority_code": tc.authority})
			if status != 200 {
				t.Fatalf("status %d: %s", status, raw)
			}
			if out["verdict"] != tc.verdict {
				t.Errorf("verdict %v, want %s: %s", out["verdict"], tc.verdict, raw)
			}
			if tc.finding == "" {
				return
			}
			for _, f := range out["findings"].([]any) {
				if f.(map[string]any)["code"] == tc.finding {
					return
				}
			}
			t.Errorf("no %s finding: %s", tc.finding, raw)
		})
	}
}
