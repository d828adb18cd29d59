package index

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

func TestCandidatesPerReason(t *testing.T) {
	n, fresh, err := OpenNames(filepath.Join(t.TempDir(), "names"))
	if err != nil || !fresh {
		t.Fatalf("open: %v fresh=%v", err, fresh)
	}
	defer n.Close()
	docs := []NameDoc{
		{ID: "same", Scope: "410400", TradeName: "星河"},
		{ID: "homophone", Scope: "410400", TradeName: "星和"},
		{ID: "contains", Scope: "410400", TradeName: "星河湾"},
		{ID: "reordered", Scope: "410400", TradeName: "河星"},
		{ID: "shape", Scope: "410400", TradeName: "泰山"},
		{ID: "onechar", Scope: "410400", TradeName: "华明达"},
		{ID: "other-scope", Scope: "410100", TradeName: "星河"},
		{ID: "unrelated", Scope: "410400", TradeName: "青禾"},
	}
	if err := n.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tradeName string
		want      []string
	}{
		{"星河", []string{"same", "homophone", "contains", "reordered"}},
		{"秦山", []string{"shape"}},
		{"华明远", []string{"onechar"}},
		{"华明", []string{"onechar"}}, // contained in 华明达
		{"星河湾畔", []string{"same", "contains"}},
	} {
		ids, err := n.Candidates(context.Background(), "410400", tc.tradeName, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !slices.Contains(ids, w) {
				t.Errorf("%s: candidates %v lack %s", tc.tradeName, ids, w)
			}
		}
		for _, bad := range []string{"other-scope", "unrelated"} {
			if slices.Contains(ids, bad) {
				t.Errorf("%s: candidates %v include %s", tc.tradeName, ids, bad)
			}
		}
	}
	// Deletes take effect.
	if err := n.Apply(nil, []string{"homophone"}); err != nil {
		t.Fatal(err)
	}
	ids, _ := n.Candidates(context.Background(), "410400", "星河", 50)
	if slices.Contains(ids, "homophone") {
		t.Errorf("deleted doc still a candidate: %v", ids)
	}
	ids, _ = n.Containing(context.Background(), "410400", "星河", 50)
	if !slices.Equal(sorted(ids), []string{"contains", "same"}) {
		t.Errorf("Containing(星河) = %v", ids)
	}
}

func sorted(ss []string) []string { s := slices.Clone(ss); slices.Sort(s); return s }

func TestVersionMismatchRecreates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "names")
	n, _, err := OpenNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	n.Apply([]NameDoc{{ID: "a", Scope: "410400", TradeName: "星河"}}, nil)
	n.Close()
	n, fresh, err := OpenNames(dir)
	if err != nil || fresh {
		t.Fatalf("reopen: %v fresh=%v", err, fresh)
	}
	n.SetVersionForTest(NamesVersion - 1)
	n.Close()
	n, fresh, err = OpenNames(dir)
	if err != nil || !fresh {
		t.Fatalf("old version: %v fresh=%v", err, fresh)
	}
	defer n.Close()
	if c, _ := n.Count(); c != 0 {
		t.Errorf("recreated index holds %d docs", c)
	}
}
