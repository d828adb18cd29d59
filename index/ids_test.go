package index

import (
	"context"
	"maps"
	"path/filepath"
	"testing"
)

// DocIDs reads back every live document with its scope and 字号, across
// replacements, deletions and a reopen.
func TestDocIDs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "names")
	n, _, err := OpenNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := []NameDoc{
		{ID: "a", Scope: "410400", TradeName: "星河"},
		{ID: "b", Scope: "410100", TradeName: "星河"},
		{ID: "c", Scope: "410400", TradeName: "青禾农"},
		{ID: "d", Scope: "410400", TradeName: ""},
		{ID: "gone", Scope: "410400", TradeName: "蓝海"},
	}
	if err := n.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	if err := n.Apply([]NameDoc{{ID: "a", Scope: "410400", TradeName: "星和"}}, []string{"gone"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]DocSummary{
		"a": SummaryOf(NameDoc{Scope: "410400", TradeName: "星和"}),
		"b": SummaryOf(NameDoc{Scope: "410100", TradeName: "星河"}),
		"c": SummaryOf(NameDoc{Scope: "410400", TradeName: "青禾农"}),
		"d": SummaryOf(NameDoc{Scope: "410400"}),
	}
	if want["a"] != (DocSummary{Scope: "4104", TradeName: "星和"}) {
		t.Fatalf("SummaryOf = %+v", want["a"])
	}
	got, err := n.DocIDs(context.Background())
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("DocIDs = %v, %v; want %v", got, err, want)
	}
	n.Close()
	n, fresh, err := OpenNames(dir)
	if err != nil || fresh {
		t.Fatalf("reopen: %v fresh=%v", err, fresh)
	}
	defer n.Close()
	got, err = n.DocIDs(context.Background())
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("after reopen DocIDs = %v, %v; want %v", got, err, want)
	}
}
