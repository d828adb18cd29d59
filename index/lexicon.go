package index

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"namescope/dict"
)

// Lexicon indexes banned and restricted words with the analysis the name
// index gives 字号 (readings and look-alike characters), so that a 字号 that
// disguises a word — 堵博 or 睹博 for 赌博 — finds it. Like the name index
// it only supplies candidate words; the name package decides. It lives in
// memory and is built from the embedded lexicon at start-up (a few
// thousand words: milliseconds).
type Lexicon struct {
	idx     bleve.Index
	longest atomic.Int64 // characters of the longest word indexed
}

// Fields of the lexicon index.
const (
	fWord  = "w"  // the word and its one-character look-alike variants
	fSound = "py" // the word's common reading, toneless
)

// LexiconWord is a word to index.
type LexiconWord struct {
	Word string // normalized
}

// OpenLexicon builds the in-memory lexicon index of words (two characters
// or more; a single character disguised is too common to say anything).
func OpenLexicon(words []LexiconWord) (*Lexicon, error) {
	idx, err := bleve.NewUsing("", keywordMapping(fWord, fSound), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create lexicon index: %w", err)
	}
	l := &Lexicon{idx: idx}
	if err := l.Add(words); err != nil {
		idx.Close()
		return nil, err
	}
	return l, nil
}

// Add indexes words (those of two characters or more) while the index is
// searched: the lexicon words staff add at run time. A word indexed again
// replaces itself.
func (l *Lexicon) Add(words []LexiconWord) error {
	b := l.idx.NewBatch()
	longest := 0
	for _, w := range words {
		rs := []rune(w.Word)
		if len(rs) < 2 {
			continue
		}
		longest = max(longest, len(rs))
		if err := b.Index(w.Word, map[string]any{fWord: lookAlikeVariants(rs), fSound: soundKey(w.Word)}); err != nil {
			return fmt.Errorf("index lexicon word %q: %w", w.Word, err)
		}
	}
	if b.Size() == 0 {
		return nil
	}
	if err := l.idx.Batch(b); err != nil {
		return fmt.Errorf("index lexicon: %w", err)
	}
	for {
		cur := l.longest.Load()
		if int64(longest) <= cur || l.longest.CompareAndSwap(cur, int64(longest)) {
			return nil
		}
	}
}

// Delete removes word from the index (a run-time word staff removed).
func (l *Lexicon) Delete(word string) error {
	if err := l.idx.Delete(word); err != nil {
		return fmt.Errorf("remove lexicon word %q: %w", word, err)
	}
	return nil
}

// Close closes the index.
func (l *Lexicon) Close() error { return l.idx.Close() }

// lookAlikeVariants is the word and every variant with one character
// replaced by one of its look-alikes.
func lookAlikeVariants(rs []rune) []string {
	out := []string{string(rs)}
	for i, r := range rs {
		for _, alike := range dict.LookAlikes(r) {
			v := append([]rune(nil), rs...)
			v[i] = alike
			out = append(out, string(v))
		}
	}
	return out
}

// soundKey is the common reading of s, toneless syllables without spaces.
// Only the common reading counts: a match through a rare reading of a
// character is no disguise anyone would hear.
func soundKey(s string) string { return strings.ReplaceAll(dict.PinyinOf(s), " ", "") }

// Candidates returns the words that some part of text (a 字号) may
// disguise: a stretch of it reads like the word, or is the word with one
// character replaced by a look-alike. The caller verifies each.
func (l *Lexicon) Candidates(ctx context.Context, text string) ([]string, error) {
	rs := []rune(text)
	var clauses []query.Query
	for n := 2; n <= min(int(l.longest.Load()), len(rs)); n++ {
		for i := 0; i+n <= len(rs); i++ {
			w := string(rs[i : i+n])
			q := bleve.NewTermQuery(w)
			q.SetField(fWord)
			s := bleve.NewTermQuery(soundKey(w))
			s.SetField(fSound)
			clauses = append(clauses, q, s)
		}
	}
	if len(clauses) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(clauses...), 50, 0, false)
	req.SortBy([]string{"_id"})
	res, err := l.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("lexicon candidates for %q: %w", text, err)
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out, nil
}

// BySound returns the words whose common reading, toneless and without
// spaces, is key (a 字号 written in pinyin: duju for 赌具).
func (l *Lexicon) BySound(ctx context.Context, key string) ([]string, error) {
	q := bleve.NewTermQuery(strings.ToLower(key))
	q.SetField(fSound)
	req := bleve.NewSearchRequestOptions(q, 20, 0, false)
	req.SortBy([]string{"_id"})
	res, err := l.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("lexicon words read %q: %w", key, err)
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out, nil
}
