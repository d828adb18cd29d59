package index

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// referenceTop is the search top replaced: a request for every match,
// sorted by score (rounded as roundScore does), then id. top must answer
// exactly as it does.
func (n *Names) referenceTop(ctx context.Context, q query.Query, limit int) ([]string, error) {
	req := bleve.NewSearchRequestOptions(q, 1<<20, 0, false)
	res, err := n.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	slices.SortFunc(hits, func(a, b *search.DocumentMatch) int {
		if sa, sb := roundScore(a.Score), roundScore(b.Score); sa != sb {
			return cmp.Compare(sb, sa)
		}
		return strings.Compare(a.ID, b.ID)
	})
	ids := make([]string, 0, limit)
	for _, h := range hits[:min(limit, len(hits))] {
		ids = append(ids, h.ID)
	}
	return ids, nil
}

// TestTopMatchesSortedRequest compares Candidates and Containing with the
// sorted request they replaced, on a registry of 字号 drawn from a few
// characters (so that many documents tie at every cut-off) spread over
// several segments, at limits from 1 to more than every match. The index
// is in memory: scorch then neither persists nor merges in the background,
// so both searches see the same snapshot (a merge between them would drop
// deleted documents from the term statistics and change the scores).
func TestTopMatchesSortedRequest(t *testing.T) {
	for _, tc := range []struct {
		name    string
		denseDF int
	}{
		{"dense 字号 bounded at the default", 0},
		// Every 字号 term with more documents than the limit bounded.
		{"every 字号 above the limit bounded", 1},
	} {
		t.Run(tc.name, func(t *testing.T) { testTopMatchesSortedRequest(t, tc.denseDF) })
	}
}

func testTopMatchesSortedRequest(t *testing.T, denseDF int) {
	n, _, err := OpenNames("")
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	n.denseDF = denseDF
	rng := rand.New(rand.NewPCG(7, 11))
	chars := []rune("星河星和兴华明达泰秦山青禾")
	tradeName := func() string {
		rs := make([]rune, 2+rng.IntN(3))
		for i := range rs {
			rs[i] = chars[rng.IntN(len(chars))]
		}
		return string(rs)
	}
	apply := func(size int) {
		t.Helper()
		var docs []NameDoc
		for i := range size {
			scope := "410400"
			if i%7 == 0 {
				scope = "410100"
			}
			docs = append(docs, NameDoc{ID: fmt.Sprintf("e%05d", rng.IntN(100000)), Scope: scope, TradeName: tradeName()})
		}
		// Deleted and re-indexed documents too.
		if err := n.Apply(docs, []string{docs[0].ID, docs[1].ID, fmt.Sprintf("e%05d", rng.IntN(100000))}); err != nil {
			t.Fatal(err)
		}
	}
	// Several batches: several segments, ids not in internal order.
	for range 6 {
		apply(300)
	}
	var names []string
	for range 80 {
		names = append(names, tradeName())
	}
	compared, cut := 0, 0
	// Again after updates: other snapshots, whose ids are read afresh.
	for round := range 3 {
		if round > 0 {
			apply(200)
		}
		for _, tn := range names {
			c, k := compareTop(t, n, tn)
			compared, cut = compared+c, cut+k
		}
	}
	// The comparison must have met the cut-off often, ties included.
	if cut < compared/3 {
		t.Errorf("only %d of %d comparisons were cut at the limit", cut, compared)
	}
}

// snapReader is an index snapshot as far as idCache sees one.
type snapReader struct {
	index.IndexReader
	ids   map[uint64]string
	reads int
}

func (r *snapReader) ExternalID(iid index.IndexInternalID) (string, error) {
	r.reads++
	return r.ids[binary.BigEndian.Uint64(iid)], nil
}

// The ids kept are those of the snapshot searched: after a merge the same
// internal number is another document.
func TestIDCacheIsPerSnapshot(t *testing.T) {
	var c idCache
	iid := binary.BigEndian.AppendUint64(nil, 7)
	before := &snapReader{ids: map[uint64]string{7: "a"}}
	after := &snapReader{ids: map[uint64]string{7: "b"}}
	for _, step := range []struct {
		r     *snapReader
		want  string
		reads int
	}{{before, "a", 1}, {before, "a", 1}, {after, "b", 1}, {after, "b", 1}, {before, "a", 2}} {
		got, err := c.externalID(step.r, iid)
		if err != nil || got != step.want || step.r.reads != step.reads {
			t.Fatalf("got %q (%v) after %d reads of its snapshot, want %q after %d", got, err, step.r.reads, step.want, step.reads)
		}
	}
}

// compareTop compares Candidates and Containing of tn with the sorted
// request at several limits; it returns how many comparisons it made and
// how many of them the limit cut.
func compareTop(t *testing.T, n *Names, tn string) (compared, cut int) {
	t.Helper()
	ctx := context.Background()
	for _, limit := range []int{1, 2, 5, 20, 200, 2000} {
		got, err := n.Candidates(ctx, "410400", tn, limit)
		if err != nil {
			t.Fatal(err)
		}
		want, err := n.referenceTop(ctx, candidateQuery("410400", tn), limit)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Candidates(%s, %d):\n got %v\nwant %v", tn, limit, got, want)
		}
		if len(want) == limit {
			cut++
		}
		got, err = n.Containing(ctx, "410400", tn[:len(tn)-3], limit)
		if err != nil {
			t.Fatal(err)
		}
		want, err = n.referenceTop(ctx, containingQuery("410400", tn[:len(tn)-3]), limit)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Containing(%s, %d):\n got %v\nwant %v", tn[:len(tn)-3], limit, got, want)
		}
		compared++
	}
	return compared, cut
}

// Concurrent searches share the id cache (run under the race detector).
func TestTopConcurrent(t *testing.T) {
	n, _, err := OpenNames("")
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	var docs []NameDoc
	for i := range 500 {
		docs = append(docs, NameDoc{ID: fmt.Sprintf("e%04d", i), Scope: "410400", TradeName: []string{"星河", "星和", "河星", "星河湾"}[i%4]})
	}
	if err := n.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want, err := n.referenceTop(ctx, candidateQuery("410400", "星河"), 50)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got, err := n.Candidates(ctx, "410400", "星河", 50)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("concurrent Candidates: %v %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
