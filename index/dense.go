package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"namescope/dict"
)

// A dense 字号 (中国: about 20,000 of 1,000,000 names) makes a candidate
// query score every one of its documents and read the id of each to break
// ties, although at most limit of them can be kept. They can be skipped
// without changing the answer: every field of a document is derived from
// its scope and 字号 alone (fields), so the documents of one 字号 term
// score alike in any query, and of a group tied in this way the answer
// keeps the limit smallest ids. Any other document of the group ranks
// after those limit, whatever else it matches; no clause need return it.
//
// boundedQuery does that for the 字号 terms of a query whose postings
// exceed the bound: their clause returns only the limit smallest ids (the
// group's "kept" documents, found once per index snapshot), and every other
// dense clause of the query leaves out the group's other documents (中国's
// pinyin key zhong guo lists all 中国 documents). Clauses of other fields
// whose documents span several 字号 are not bounded.

// defaultDenseBound is the document frequency above which a 字号 term is
// bounded. Below it, breaking the ties costs at most a few hundred id
// reads; above it, the group's kept documents are worth finding once per
// snapshot (all its ids read, as the first unbounded query did anyway).
const defaultDenseBound = 1000

// boundedQuery is a disjunction of term clauses (and others, unbounded)
// whose dense 字号 clauses are bounded for a top-limit search.
type boundedQuery struct {
	n       *Names
	clauses []query.Query
	limit   int
}

// bound returns q, a disjunction, bounded for a top-limit search.
func (n *Names) bound(q *query.DisjunctionQuery, limit int) query.Query {
	return &boundedQuery{n: n, clauses: q.Disjuncts, limit: limit}
}

func (q *boundedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	ss := make([]search.Searcher, 0, len(q.clauses))
	closeAll := func() {
		for _, s := range ss {
			_ = s.Close()
		}
	}
	for _, c := range q.clauses {
		s, err := c.Searcher(ctx, r, m, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		ss = append(ss, s)
	}
	bound := max(q.limit, q.n.denseBound())
	pinyin := map[string]bool{}
	for _, c := range q.clauses {
		if tq, ok := c.(*query.TermQuery); ok && tq.FieldVal == fPinyin {
			pinyin[tq.Term] = true
		}
	}
	// The groups first: the other clauses leave out their documents.
	var groups []*denseGroup
	for i, c := range q.clauses {
		tq, ok := c.(*query.TermQuery)
		if !ok || tq.FieldVal != fTrade || ss[i].Count() <= uint64(bound) || !scoresAlike(tq.Term, pinyin) {
			continue
		}
		g, err := q.n.dense.group(ctx, r, tq.Term, q.limit)
		if err != nil {
			closeAll()
			return nil, err
		}
		groups = append(groups, g)
		ss[i] = &listSearcher{Searcher: ss[i], docs: g.kept}
	}
	if len(groups) > 0 {
		for i, c := range q.clauses {
			tq, ok := c.(*query.TermQuery)
			if !ok || tq.FieldVal == fTrade || ss[i].Count() <= uint64(bound) {
				continue
			}
			docs, err := q.n.dense.without(ctx, r, tq.FieldVal, tq.Term, q.limit, groups)
			if err != nil {
				closeAll()
				return nil, err
			}
			ss[i] = &listSearcher{Searcher: ss[i], docs: docs}
		}
	}
	return searcher.NewDisjunctionSearcher(ctx, r, ss, 0, options)
}

// scoresAlike reports whether the documents of a 字号 term score exactly
// alike, to the last bit, in a query of these pinyin terms. They match the
// same clauses, but bleve's disjunction adds the clause scores of a
// document in the order its heap yields them, which is not the same from
// one document to the next: three or more addends can round differently.
// A document of a two-character 字号 has no fields but its 字号 and pinyin
// keys (fields), so it matches the 字号 clause and its keys among the
// query's pinyin terms; with at most one of those, its score is one sum of
// two, which does not depend on the order.
func scoresAlike(term string, pinyin map[string]bool) bool {
	scope, tn, _ := strings.Cut(term, "|")
	if utf8.RuneCountInString(tn) > 2 {
		return false
	}
	matched := 0
	for _, k := range dict.PinyinKeys(tn) {
		if pinyin[scope+"|"+k] {
			matched++
		}
	}
	return matched <= 1
}

// denseGroup is a dense 字号 term of one snapshot: the internal ids of its
// limit smallest ids (kept) and of its other documents (left), both in
// internal order.
type denseGroup struct {
	term string
	kept []index.IndexInternalID
	left []uint64
}

// denseCache keeps the dense groups and bounded clause lists of one index
// snapshot; the next snapshot starts it afresh (like idCache).
type denseCache struct {
	mu     sync.Mutex
	snap   index.IndexReader
	groups map[string]*denseGroup
	lists  map[string][]index.IndexInternalID
}

// maxDenseEntries bounds the cache: each entry holds at most a clause's
// postings.
const maxDenseEntries = 4096

func (c *denseCache) get(r index.IndexReader, k string) (*denseGroup, []index.IndexInternalID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != r {
		return nil, nil, false
	}
	if g, ok := c.groups[k]; ok {
		return g, nil, true
	}
	l, ok := c.lists[k]
	return nil, l, ok
}

func (c *denseCache) put(r index.IndexReader, k string, g *denseGroup, l []index.IndexInternalID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != r || len(c.groups)+len(c.lists) >= maxDenseEntries {
		c.snap, c.groups, c.lists = r, map[string]*denseGroup{}, map[string][]index.IndexInternalID{}
	}
	if g != nil {
		c.groups[k] = g
	} else {
		c.lists[k] = l
	}
}

// group returns the dense group of a 字号 term for a top-limit search.
func (c *denseCache) group(ctx context.Context, r index.IndexReader, term string, limit int) (*denseGroup, error) {
	k := strconv.Itoa(limit) + "|" + term
	if g, _, ok := c.get(r, k); ok {
		return g, nil
	}
	type doc struct {
		iid index.IndexInternalID
		id  string
	}
	var docs []doc
	err := postings(ctx, r, fTrade, term, func(iid index.IndexInternalID) error {
		id, err := r.ExternalID(iid)
		if err == nil {
			docs = append(docs, doc{slices.Clone(iid), id})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(docs, func(a, b doc) int { return cmpString(a.id, b.id) })
	g := &denseGroup{term: term}
	for i, d := range docs {
		if i < limit {
			g.kept = append(g.kept, d.iid)
		} else {
			g.left = append(g.left, internalNumber(d.iid))
		}
	}
	slices.SortFunc(g.kept, func(a, b index.IndexInternalID) int { return bytes.Compare(a, b) })
	slices.Sort(g.left)
	c.put(r, k, g, nil)
	return g, nil
}

// without returns the postings of a term, less the documents the groups
// leave out, in internal order.
func (c *denseCache) without(ctx context.Context, r index.IndexReader, field, term string, limit int, groups []*denseGroup) ([]index.IndexInternalID, error) {
	k := strconv.Itoa(limit) + "|" + field + "|" + term
	for _, g := range groups {
		k += "|" + g.term
	}
	if _, l, ok := c.get(r, k); ok {
		return l, nil
	}
	var out []index.IndexInternalID
	err := postings(ctx, r, field, term, func(iid index.IndexInternalID) error {
		n := internalNumber(iid)
		for _, g := range groups {
			if _, found := slices.BinarySearch(g.left, n); found {
				return nil
			}
		}
		out = append(out, slices.Clone(iid))
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.put(r, k, nil, out)
	return out, nil
}

// postings calls f with the internal id of every document of a term.
func postings(ctx context.Context, r index.IndexReader, field, term string, f func(index.IndexInternalID) error) error {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var tfd index.TermFieldDoc
	for {
		d, err := tfr.Next(tfd.Reset())
		if err != nil || d == nil {
			return err
		}
		if err := f(d.ID); err != nil {
			return err
		}
	}
}

// internalNumber is a scorch internal id (8 bytes, big-endian) as a number;
// other ids are compared by their first 8 bytes only, which scorch's are.
func internalNumber(iid index.IndexInternalID) uint64 {
	var b [8]byte
	copy(b[:], iid)
	return binary.BigEndian.Uint64(b[:])
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// listSearcher returns, of its searcher's documents, those listed (a
// subset of them, in internal order), each scored by its searcher: it
// advances to each in turn instead of reading every posting.
type listSearcher struct {
	search.Searcher
	docs []index.IndexInternalID
	next int
}

func (s *listSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for s.next < len(s.docs) {
		want := s.docs[s.next]
		s.next++
		d, err := s.Searcher.Advance(ctx, want)
		if err != nil || d == nil {
			return d, err
		}
		if d.IndexInternalID.Equals(want) {
			return d, nil
		}
		// Not a posting of this snapshot (cannot happen): skip what was
		// passed over.
		s.next = sort.Search(len(s.docs), func(i int) bool { return bytes.Compare(s.docs[i], d.IndexInternalID) >= 0 })
		if s.next < len(s.docs) && s.docs[s.next].Equals(d.IndexInternalID) {
			s.next++
			return d, nil
		}
		ctx.DocumentMatchPool.Put(d)
	}
	return nil, nil
}

func (s *listSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	s.next = max(s.next, sort.Search(len(s.docs), func(i int) bool { return bytes.Compare(s.docs[i], id) >= 0 }))
	return s.Next(ctx)
}

// Count is the listed documents' count.
func (s *listSearcher) Count() uint64 { return uint64(len(s.docs)) }

func (n *Names) denseBound() int {
	if n.denseDF > 0 {
		return n.denseDF
	}
	return defaultDenseBound
}
