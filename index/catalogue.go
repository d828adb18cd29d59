package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword" // the "keyword" analyzer of the exact fields
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Field names a searchable field of a catalogue entry.
type Field string

// The fields of the catalogue index.
const (
	FieldWording      Field = "wording"       // gse words of the normalized wording
	FieldWordingGram  Field = "wording_gram"  // character pairs of the wording
	FieldWordingExact Field = "wording_exact" // the whole wording, for equality and prefixes
	FieldKeywords     Field = "keywords"      // gse words of the keywords
	FieldKeywordGram  Field = "keyword_gram"  // character pairs of the keywords
	FieldKeywordExact Field = "keyword_exact" // each keyword whole
	FieldExplanation  Field = "explanation"   // gse words of the explanation
	fieldKind               = "kind"
	fieldIndustry           = "industry"
)

// CatalogueDoc is what the index needs of a catalogue entry. The domain
// package prepares it (normalized text, industry codes at every level).
type CatalogueDoc struct {
	ID          string
	Wording     string
	Explanation string
	Keywords    []string
	Kind        string
	Industries  []string // every code the entry should be found under (I, I65, I651, I6513)
}

// MatchMode says how a clause's text is matched.
type MatchMode int

// Match modes.
const (
	Any    MatchMode = iota // any of the analysed tokens
	Phrase                  // the analysed tokens in order
	Exact                   // the whole text as one term (exact fields only)
	Prefix                  // terms starting with the text (exact fields only)
)

// Clause is one scored way a query may match.
type Clause struct {
	Field Field
	Text  string
	Mode  MatchMode
	Boost float64
}

// CatalogueQuery selects and scores entries: any of Should matches, every
// filter must. With no clauses it lists the filtered entries by ID.
type CatalogueQuery struct {
	Should   []Clause
	Kind     string // filter, empty for any
	Industry string // filter on one of CatalogueDoc.Industries, empty for any
	Size     int    // candidates to return; 0 means 50
	From     int
}

// Candidate is an entry ID with the engine's score; the domain ranks.
type Candidate struct {
	ID    string
	Score float64
}

// Candidates is the answer of a catalogue query: the best Size candidates and
// the number of entries that matched in all.
type Candidates struct {
	Hits  []Candidate
	Total uint64
}

// CatalogueIndex is an in-memory bleve index over one catalogue version. It
// is read-only once built and safe for concurrent queries.
type CatalogueIndex struct {
	idx bleve.Index
}

func catalogueMapping() *mapping.IndexMappingImpl {
	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = vectors // phrase queries need positions
		fm.DocValues = false
		return fm
	}
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(string(FieldWording), text(AnalyzerGseSearch, true))
	doc.AddFieldMappingsAt(string(FieldWordingGram), text(AnalyzerGram, true))
	doc.AddFieldMappingsAt(string(FieldWordingExact), text("keyword", false))
	doc.AddFieldMappingsAt(string(FieldKeywords), text(AnalyzerGseSearch, false))
	doc.AddFieldMappingsAt(string(FieldKeywordGram), text(AnalyzerGram, false))
	doc.AddFieldMappingsAt(string(FieldKeywordExact), text("keyword", false))
	doc.AddFieldMappingsAt(string(FieldExplanation), text(AnalyzerGseSearch, false))
	doc.AddFieldMappingsAt(fieldKind, text("keyword", false))
	doc.AddFieldMappingsAt(fieldIndustry, text("keyword", false))

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = AnalyzerGse
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// BuildCatalogueIndex indexes docs in memory.
func BuildCatalogueIndex(docs []CatalogueDoc) (*CatalogueIndex, error) {
	if registerErr != nil {
		return nil, registerErr
	}
	idx, err := bleve.NewUsing("", catalogueMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("index: creating catalogue index: %w", err)
	}
	batch := idx.NewBatch()
	for _, d := range docs {
		fields := map[string]interface{}{
			string(FieldWording):      d.Wording,
			string(FieldWordingGram):  d.Wording,
			string(FieldWordingExact): d.Wording,
			fieldKind:                 d.Kind,
		}
		if d.Explanation != "" {
			fields[string(FieldExplanation)] = d.Explanation
		}
		if len(d.Keywords) > 0 {
			fields[string(FieldKeywords)] = d.Keywords
			fields[string(FieldKeywordGram)] = d.Keywords
			fields[string(FieldKeywordExact)] = d.Keywords
		}
		if len(d.Industries) > 0 {
			fields[fieldIndustry] = d.Industries
		}
		if err := batch.Index(d.ID, fields); err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("index: catalogue entry %s: %w", d.ID, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("index: indexing catalogue: %w", err)
	}
	return &CatalogueIndex{idx: idx}, nil
}

// Close releases the index.
func (c *CatalogueIndex) Close() error { return c.idx.Close() }

// Candidates runs q.
func (c *CatalogueIndex) Candidates(ctx context.Context, q CatalogueQuery) (Candidates, error) {
	var should []query.Query
	for _, cl := range q.Should {
		if cq := clauseQuery(cl); cq != nil {
			should = append(should, cq)
		}
	}
	var filters []query.Query
	if q.Kind != "" {
		t := query.NewTermQuery(q.Kind)
		t.SetField(fieldKind)
		filters = append(filters, t)
	}
	if q.Industry != "" {
		t := query.NewTermQuery(q.Industry)
		t.SetField(fieldIndustry)
		filters = append(filters, t)
	}
	browse := len(q.Should) == 0
	var root query.Query
	switch {
	case browse && len(filters) == 0:
		root = query.NewMatchAllQuery()
	case browse:
		root = query.NewConjunctionQuery(filters)
	case len(should) == 0:
		// Clauses were given but none can match (e.g. only punctuation).
		return Candidates{}, nil
	default:
		root = query.NewDisjunctionQuery(should)
		if len(filters) > 0 {
			root = query.NewConjunctionQuery(append([]query.Query{root}, filters...))
		}
	}
	size := q.Size
	if size <= 0 {
		size = 50
	}
	req := bleve.NewSearchRequestOptions(root, size, q.From, false)
	if browse {
		req.SortBy([]string{"_id"})
	}
	res, err := c.idx.SearchInContext(ctx, req)
	if err != nil {
		return Candidates{}, fmt.Errorf("index: catalogue search: %w", err)
	}
	out := Candidates{Total: res.Total, Hits: make([]Candidate, len(res.Hits))}
	for i, h := range res.Hits {
		out.Hits[i] = Candidate{ID: h.ID, Score: h.Score}
	}
	return out, nil
}

func clauseQuery(cl Clause) query.Query {
	if cl.Text == "" {
		return nil
	}
	boost := cl.Boost
	if boost == 0 {
		boost = 1
	}
	field := string(cl.Field)
	var q query.Query
	switch cl.Mode {
	case Exact:
		t := query.NewTermQuery(cl.Text)
		t.SetField(field)
		t.SetBoost(boost)
		q = t
	case Prefix:
		p := query.NewPrefixQuery(cl.Text)
		p.SetField(field)
		p.SetBoost(boost)
		q = p
	case Phrase:
		p := query.NewMatchPhraseQuery(cl.Text)
		p.SetField(field)
		p.Analyzer = queryAnalyzer(cl.Field)
		p.SetBoost(boost)
		q = p
	default:
		m := query.NewMatchQuery(cl.Text)
		m.SetField(field)
		m.Analyzer = queryAnalyzer(cl.Field)
		m.SetBoost(boost)
		q = m
	}
	return q
}

// queryAnalyzer is the query-side analyzer of a field: plain cut for word
// fields, pairs only for gram fields.
func queryAnalyzer(f Field) string {
	switch f {
	case FieldWordingGram, FieldKeywordGram:
		return AnalyzerGramQuery
	case FieldWordingExact, FieldKeywordExact:
		return "keyword"
	}
	return AnalyzerGse
}
