package index

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"namescope/dict"
)

// NamesVersion is the version of the name index's mapping and key scheme.
// Raise it whenever either changes: an index of another version is rebuilt
// from the store when opened.
const NamesVersion = 6

var versionKey = []byte("namescope.version")

// NameDoc is what the name index knows of one enterprise.
type NameDoc struct {
	ID        string
	Scope     string // registration scope (six-digit city code)
	TradeName string // normalized 字号
}

// Names is the enterprise-name index. Every key is prefixed with the
// registration scope, so a query touches only the postings of one scope.
type Names struct {
	idx       bleve.Index
	persisted bool       // on disk (an in-memory index has no merger to compact with)
	ids       idCache    // ids of the current snapshot's documents (see top)
	dense     denseCache // dense 字号 groups of the current snapshot (see boundedQuery)
	denseDF   int        // document frequency above which a 字号 is bounded (0: defaultDenseBound)
}

// Field names of the name index.
const (
	fTrade    = "tn"   // the 字号
	fSorted   = "srt"  // its characters sorted: reordered 字号
	fPinyin   = "py"   // toneless syllables, every reading combination
	fDeletion = "del"  // the 字号 and its one-character deletions (≥3 characters)
	fGram     = "gram" // character bigrams: 字号 containing another
)

func namesMapping() mapping.IndexMapping {
	return keywordMapping(fTrade, fSorted, fPinyin, fDeletion, fGram)
}

// keywordMapping maps documents whose fields are all keywords: indexed, not
// stored, no term vectors or doc values, no _all field.
func keywordMapping(fields ...string) mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = keyword.Name
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range fields {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f, fm)
	}
	// No composite _all field: every query names its field.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// OpenNames opens the name index at dir, creating it when missing. fresh is
// true when the index was created or rebuilt empty (missing, unreadable or
// of another version): the caller must then fill it from the store.
func OpenNames(dir string) (n *Names, fresh bool, err error) {
	if dir == "" {
		idx, err := bleve.NewUsing("", namesMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, false, fmt.Errorf("create in-memory name index: %w", err)
		}
		return &Names{idx: idx}, true, nil
	}
	// An index that is missing, unreadable or of another version is derived
	// data: recreate it empty and let the caller refill it from the store.
	if idx, err := bleve.Open(dir); err == nil {
		v, verr := idx.GetInternal(versionKey)
		if verr == nil && string(v) == strconv.Itoa(NamesVersion) {
			return &Names{idx: idx, persisted: true}, false, nil
		}
		idx.Close()
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, false, fmt.Errorf("remove stale name index: %w", err)
	}
	idx, err := bleve.New(dir, namesMapping())
	if err != nil {
		return nil, false, fmt.Errorf("create name index: %w", err)
	}
	if err := idx.SetInternal(versionKey, []byte(strconv.Itoa(NamesVersion))); err != nil {
		idx.Close()
		return nil, false, fmt.Errorf("write name index version: %w", err)
	}
	return &Names{idx: idx, persisted: true}, true, nil
}

// Close closes the index.
func (n *Names) Close() error { return n.idx.Close() }

// Count returns the number of documents.
func (n *Names) Count() (uint64, error) { return n.idx.DocCount() }

// Apply indexes docs and removes deleted ids in one batch.
func (n *Names) Apply(docs []NameDoc, deleted []string) error {
	b := n.idx.NewBatch()
	for _, d := range docs {
		if err := b.Index(d.ID, fields(d)); err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
	}
	for _, id := range deleted {
		b.Delete(id)
	}
	if b.Size() == 0 {
		return nil
	}
	return n.idx.Batch(b)
}

// key prefixes a term with its scope. Scope codes lose their trailing zero
// pairs (410100 → 4101) to keep terms short.
func key(scope, s string) string {
	for len(scope) > 2 && strings.HasSuffix(scope, "00") {
		scope = scope[:len(scope)-2]
	}
	return scope + "|" + s
}

func fields(d NameDoc) map[string]any {
	tn := d.TradeName
	f := map[string]any{fTrade: key(d.Scope, tn)}
	if tn == "" {
		return f
	}
	rs := []rune(tn)
	if len(rs) <= maxHomophoneRunes {
		var py []string
		for _, k := range dict.PinyinKeys(tn) {
			py = append(py, key(d.Scope, k))
		}
		f[fPinyin] = py
	}
	// Most 字号 have two characters: their reordering is one query term and
	// their only bigram is the 字号 itself, so they need neither key.
	if len(rs) <= 2 {
		return f
	}
	f[fSorted] = key(d.Scope, dict.SortedRunes(tn))
	if len(rs) >= 3 && len(rs) <= maxEditRunes {
		dels := []string{key(d.Scope, tn)}
		for _, del := range deletions(rs) {
			dels = append(dels, key(d.Scope, del))
		}
		f[fDeletion] = dels
	}
	var grams []string
	for _, g := range bigrams(rs) {
		grams = append(grams, key(d.Scope, g))
	}
	f[fGram] = grams
	return f
}

func deletions(rs []rune) []string {
	var out []string
	for i := range rs {
		d := string(rs[:i]) + string(rs[i+1:])
		if !containsStr(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func bigrams(rs []rune) []string {
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if !containsStr(out, g) {
			out = append(out, g)
		}
	}
	return out
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Keys that only serve short 字号: a real 字号 has two to four characters;
// a long one is usually a name the parser could not split, and indexing
// every reading combination and deletion of it costs more than it finds.
const (
	maxHomophoneRunes = 6
	maxEditRunes      = 8
)

// maxQueryClauses bounds the disjunction of one candidate query.
const maxQueryClauses = 256

// Candidates returns the ids of names in scope whose 字号 may be identical
// or similar to tradeName: the same 字号, a look-alike substitution, a
// homophone, a reordering, a one-character edit, a 字号 it contains or one
// that contains it. At most limit ids, most likely first.
func (n *Names) Candidates(ctx context.Context, scope, tradeName string, limit int) ([]string, error) {
	if tradeName == "" {
		return nil, nil
	}
	ids, err := n.top(ctx, n.bound(candidateQuery(scope, tradeName), limit), limit)
	if err != nil {
		return nil, fmt.Errorf("name candidates for %q: %w", tradeName, err)
	}
	return ids, nil
}

// candidateQuery is the query of Candidates (tradeName not empty).
func candidateQuery(scope, tradeName string) *query.DisjunctionQuery {
	rs := []rune(tradeName)
	var clauses []query.Query
	term := func(field, value string, boost float64) {
		if len(clauses) >= maxQueryClauses {
			return
		}
		q := bleve.NewTermQuery(key(scope, value))
		q.SetField(field)
		q.SetBoost(boost)
		clauses = append(clauses, q)
	}
	term(fTrade, tradeName, 10)
	if len(rs) == 2 {
		term(fTrade, string([]rune{rs[1], rs[0]}), 4)
	} else {
		term(fSorted, dict.SortedRunes(tradeName), 4)
	}
	if len(rs) <= maxHomophoneRunes {
		for _, k := range dict.PinyinKeys(tradeName) {
			term(fPinyin, k, 4)
		}
	}
	// Look-alike substitutions of a two-character 字号; longer ones share
	// a one-character deletion key with every single substitution.
	if len(rs) == 2 {
		for i, r := range rs {
			for _, alike := range dict.LookAlikes(r) {
				v := []rune{rs[0], rs[1]}
				v[i] = alike
				term(fTrade, string(v), 5)
			}
		}
	}
	// 字号 that this one contains (at least two characters).
	for i := 0; i < len(rs); i++ {
		for j := i + 2; j <= len(rs); j++ {
			if j-i < len(rs) {
				term(fTrade, string(rs[i:j]), 3)
			}
		}
	}
	// One-character edits between 字号 of three or more characters.
	if len(rs) >= 3 && len(rs) <= maxEditRunes {
		term(fDeletion, tradeName, 2)
		for _, d := range deletions(rs) {
			term(fDeletion, d, 2)
		}
	}
	// 字号 that contain this one: all of its bigrams.
	var grams []query.Query
	for _, g := range bigrams(rs) {
		q := bleve.NewTermQuery(key(scope, g))
		q.SetField(fGram)
		grams = append(grams, q)
	}
	if len(grams) > 0 {
		c := bleve.NewConjunctionQuery(grams...)
		c.SetBoost(2)
		clauses = append(clauses, c)
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

// SetVersionForTest records another mapping version, so that tests can
// check that an outdated index is rebuilt.
func (n *Names) SetVersionForTest(v int) error {
	return n.idx.SetInternal(versionKey, []byte(strconv.Itoa(v)))
}

// Containing returns the ids of names in scope whose 字号 is text or
// contains it (registry look-up by a fragment of a name), at most limit.
func (n *Names) Containing(ctx context.Context, scope, text string, limit int) ([]string, error) {
	if text == "" {
		return nil, nil
	}
	ids, err := n.top(ctx, containingQuery(scope, text), limit)
	if err != nil {
		return nil, fmt.Errorf("names containing %q: %w", text, err)
	}
	return ids, nil
}

// containingQuery is the query of Containing (text not empty).
func containingQuery(scope, text string) query.Query {
	rs := []rune(text)
	exact := bleve.NewTermQuery(key(scope, text))
	exact.SetField(fTrade)
	exact.SetBoost(10)
	clauses := []query.Query{exact}
	if grams := bigrams(rs); len(grams) > 0 {
		var qs []query.Query
		for _, g := range grams {
			q := bleve.NewTermQuery(key(scope, g))
			q.SetField(fGram)
			qs = append(qs, q)
		}
		clauses = append(clauses, bleve.NewConjunctionQuery(qs...))
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

// Compact merges the index's segments into one. A query opens every term
// in every segment, so after a bulk load this makes checks much cheaper.
func (n *Names) Compact(ctx context.Context) error {
	if !n.persisted {
		return nil
	}
	adv, err := n.idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	return sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions)
}
