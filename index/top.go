package index

import (
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// top returns the ids of the limit best documents matching q: highest score
// first (to 32 bits, roundScore), equal scores by id. That is the answer of
// a search request sorted by "-_score", "_id" (but for the rounding), which
// is what this replaces: such a request reads
// the id of every matching document before it looks at its score (to
// compare ties), and a name check can match tens of thousands of documents
// (a 字号 such as 中国). Here the documents are scored exactly as that
// request scores them (the same query through bleve's own collector); a
// handler keeps the limit best in a heap and reads the id of a document
// only to compare it with one of equal score.
func (n *Names) top(ctx context.Context, q query.Query, limit int) ([]string, error) {
	if limit <= 0 {
		return nil, nil
	}
	var (
		t   topN
		ids []string
	)
	handler := search.MakeDocumentMatchHandler(func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		t = topN{limit: limit, externalID: func(iid []byte) (string, error) { return n.ids.externalID(sctx.IndexReader, iid) }}
		return func(d *search.DocumentMatch) error {
			if d == nil {
				// The end of the search, the reader still open: the last
				// moment at which internal ids can be turned into ids.
				var err error
				ids, err = t.ids()
				return err
			}
			err := t.add(roundScore(d.Score), d.IndexInternalID)
			sctx.DocumentMatchPool.Put(d)
			return err
		}, false, nil
	})
	// Size 0: the collector's own result set stays empty (the handler
	// replaces it), so it need not preallocate limit document matches.
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	if _, err := n.idx.SearchInContext(context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, handler), req); err != nil {
		return nil, err
	}
	return ids, nil
}

// roundScore drops the last 20 bits of a score's 52-bit mantissa, so that
// scores equal but for rounding tie, and are ordered by id. bleve's
// disjunction adds a document's clause scores in the order its heap yields
// them, which differs from one document to the next (and changes with the
// other clauses of the query): two documents of the same 字号, hence the same
// fields, can differ in the last bits. Which of them a check read then
// depended on that order; now the smaller id ranks first, as for any tie.
// Scores that differ by less than one part in 2^32 are also ties: no
// candidate query tells names apart that finely. Truncation keeps the order
// of positive scores.
func roundScore(s float64) float64 {
	return math.Float64frombits(math.Float64bits(s) &^ (1<<20 - 1))
}

// idCache keeps the ids read for internal ids of one index snapshot. The
// hits tied at the cut-off of a dense 字号 are thousands (a check of 中国
// reads about 20,000 ids, half its time), and the checks of its homophones
// and look-alikes (中图, 忠国 …) tie the same documents. A snapshot never
// changes, so its ids are valid as long as it is the one searched; the
// next snapshot (after any index update) starts the cache afresh.
type idCache struct {
	mu   sync.Mutex
	snap index.IndexReader // the snapshot the ids belong to (held, so never a reused address)
	ids  map[uint64]string
}

// maxCachedIDs bounds the cache: about 60 bytes an id.
const maxCachedIDs = 1 << 18

func (c *idCache) externalID(r index.IndexReader, iid []byte) (string, error) {
	if len(iid) != 8 { // scorch's internal ids are 8 bytes; anything else is not cached
		return r.ExternalID(iid)
	}
	k := binary.BigEndian.Uint64(iid)
	c.mu.Lock()
	id, ok := c.ids[k]
	ok = ok && c.snap == r
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := r.ExternalID(iid)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if c.snap != r || c.ids == nil {
		c.snap, c.ids = r, make(map[uint64]string)
	}
	if len(c.ids) >= maxCachedIDs {
		for old := range c.ids { // one at random (map iteration order)
			delete(c.ids, old)
			break
		}
	}
	c.ids[k] = id
	c.mu.Unlock()
	return id, nil
}

// topN keeps the limit best hits by score, then id, in a heap whose root is
// the worst kept. A hit's id is read when it must be compared with a hit of
// the same score, at most once.
type topN struct {
	limit      int
	slots      []ranked // the kept hits, in no order
	heap       []int32  // indexes of slots, a heap
	iids       []byte   // backing store of the slots' internal ids
	externalID func(iid []byte) (string, error)
}

type ranked struct {
	score    float64
	iid      []byte // bleve's internal id
	id       string
	resolved bool
}

func (t *topN) id(r *ranked) (string, error) {
	if !r.resolved {
		id, err := t.externalID(r.iid)
		if err != nil {
			return "", err
		}
		r.id, r.resolved = id, true
	}
	return r.id, nil
}

// worse reports whether a ranks after b.
func (t *topN) worse(a, b *ranked) (bool, error) {
	if a.score != b.score {
		return a.score < b.score, nil
	}
	ida, err := t.id(a)
	if err != nil {
		return false, err
	}
	idb, err := t.id(b)
	if err != nil {
		return false, err
	}
	return ida > idb, nil
}

// worseAt compares the hits at heap positions i and j.
func (t *topN) worseAt(i, j int) (bool, error) {
	return t.worse(&t.slots[t.heap[i]], &t.slots[t.heap[j]])
}

// keep copies an internal id, which bleve reuses, into the backing store.
func (t *topN) keep(iid []byte) []byte {
	at := len(t.iids)
	t.iids = append(t.iids, iid...)
	return t.iids[at:len(t.iids):len(t.iids)]
}

func (t *topN) add(score float64, iid []byte) error {
	if len(t.heap) < t.limit {
		t.slots = append(t.slots, ranked{score: score, iid: t.keep(iid)})
		t.heap = append(t.heap, int32(len(t.slots)-1))
		return t.up(len(t.heap) - 1)
	}
	root := &t.slots[t.heap[0]]
	if score < root.score {
		return nil // the common case: no id read
	}
	cand := ranked{score: score, iid: iid}
	if score == root.score {
		w, err := t.worse(&cand, root)
		if err != nil || w {
			return err
		}
	}
	// The new hit takes the worst one's slot.
	if len(root.iid) == len(iid) {
		copy(root.iid, iid)
	} else {
		root.iid = t.keep(iid)
	}
	root.score, root.id, root.resolved = score, cand.id, cand.resolved
	return t.down(0)
}

func (t *topN) up(i int) error {
	for i > 0 {
		p := (i - 1) / 2
		w, err := t.worseAt(i, p)
		if err != nil || !w {
			return err
		}
		t.heap[i], t.heap[p] = t.heap[p], t.heap[i]
		i = p
	}
	return nil
}

func (t *topN) down(i int) error {
	n := len(t.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return nil
		}
		c := l
		if r := l + 1; r < n {
			w, err := t.worseAt(r, l)
			if err != nil {
				return err
			}
			if w {
				c = r
			}
		}
		w, err := t.worseAt(c, i)
		if err != nil || !w {
			return err
		}
		t.heap[i], t.heap[c] = t.heap[c], t.heap[i]
		i = c
	}
}

// ids returns the kept hits' ids, best first.
func (t *topN) ids() ([]string, error) {
	for i := range t.slots {
		if _, err := t.id(&t.slots[i]); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(t.slots, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return strings.Compare(a.id, b.id)
	})
	out := make([]string, len(t.slots))
	for i, r := range t.slots {
		out[i] = r.id
	}
	return out, nil
}
