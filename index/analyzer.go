package index

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"namescope/dict"
)

// Names under which the analysis components are registered with bleve. They
// carry the namescope_ prefix so that another plugin's "gse" cannot collide.
const (
	// TokenizerGseSearch cuts with gse and adds the dictionary sub-words of
	// long words (search mode): the index side of a word field.
	TokenizerGseSearch = "namescope_gse_search"
	// TokenizerGse cuts with gse only: the query side. Its tokens are a subset
	// of TokenizerGseSearch's for the same text, so a query for an indexed
	// phrase always finds it.
	TokenizerGse = "namescope_gse"
	// TokenizerGram emits every Han character and every pair of adjacent Han
	// characters: the index side of the bigram field that lets words unknown
	// to the dictionary still match.
	TokenizerGram = "namescope_gram"
	// TokenizerGramQuery emits only the pairs (or the character of a
	// one-character run), so a query is not diluted by single characters.
	TokenizerGramQuery = "namescope_gram_query"

	AnalyzerGseSearch = "namescope_gse_search"
	AnalyzerGse       = "namescope_gse"
	AnalyzerGram      = "namescope_gram"
	AnalyzerGramQuery = "namescope_gram_query"
)

// registerErr keeps what went wrong while registering, typically a name
// already taken by another package; building an index reports it instead of
// the process panicking at start-up.
var registerErr error

func init() {
	var errs []error
	tokenizers := map[string]analysis.Tokenizer{
		TokenizerGseSearch: gseTokenizer{search: true},
		TokenizerGse:       gseTokenizer{},
		TokenizerGram:      gramTokenizer{index: true},
		TokenizerGramQuery: gramTokenizer{},
	}
	analyzers := map[string]string{
		AnalyzerGseSearch: TokenizerGseSearch,
		AnalyzerGse:       TokenizerGse,
		AnalyzerGram:      TokenizerGram,
		AnalyzerGramQuery: TokenizerGramQuery,
	}
	for name, tok := range tokenizers {
		tok := tok
		// Constructors are cheap: the segmenter is the process-wide one.
		err := registry.RegisterTokenizer(name, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return tok, nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	for name, tokName := range analyzers {
		tokName := tokName
		err := registry.RegisterAnalyzer(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			tok, err := cache.TokenizerNamed(tokName)
			if err != nil {
				return nil, err
			}
			return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		registerErr = fmt.Errorf("index: registering analysis components: %w", errors.Join(errs...))
	}
}

// Registered reports whether the analysis components were registered.
func Registered() error { return registerErr }

type gseTokenizer struct{ search bool }

func (t gseTokenizer) Tokenize(input []byte) analysis.TokenStream { return GseTokens(input, t.search) }

// GseTokens segments input with the shared gse segmenter. Start and End are
// byte offsets into input and positions are 1-based; in search mode the
// sub-words of a long word share the word's position, so phrase queries over
// the plain cut still line up.
func GseTokens(input []byte, search bool) analysis.TokenStream {
	if len(input) == 0 {
		return nil
	}
	seg := dict.Segmenter()
	segs := seg.Segment(input)
	out := make(analysis.TokenStream, 0, len(segs)+len(segs)/2)
	pos := 0
	for _, s := range segs {
		start, end := s.Start(), s.End()
		word := input[start:end]
		if !wordy(word) {
			continue
		}
		pos++
		out = append(out, newToken(word, start, end, pos))
		if !search {
			continue
		}
		// Dictionary words of two and three characters inside a longer word,
		// the way gse's own search mode picks them, but with offsets.
		n := utf8.RuneCount(word)
		if n <= 2 {
			continue
		}
		offs := runeOffsets(word)
		for _, size := range [2]int{2, 3} {
			if n <= size {
				continue
			}
			for i := 0; i+size <= n; i++ {
				sub := word[offs[i]:offs[i+size]]
				if freq, _, ok := seg.Find(string(sub)); ok && freq > 0 {
					out = append(out, newToken(sub, start+offs[i], start+offs[i+size], pos))
				}
			}
		}
	}
	return out
}

type gramTokenizer struct{ index bool }

func (t gramTokenizer) Tokenize(input []byte) analysis.TokenStream { return GramTokens(input, t.index) }

// GramTokens splits input into runs of Han characters and runs of letters
// and digits. A Han run gives its character pairs (and, for the index, every
// single character too); a letter/digit run gives itself, lower-cased.
// Positions count characters, so the pairs of a phrase are consecutive.
func GramTokens(input []byte, index bool) analysis.TokenStream {
	var out analysis.TokenStream
	pos := 0
	i := 0
	for i < len(input) {
		r, size := utf8.DecodeRune(input[i:])
		switch {
		case unicode.Is(unicode.Han, r):
			// Collect the run's byte offsets.
			var offs []int
			j := i
			for j < len(input) {
				r2, s2 := utf8.DecodeRune(input[j:])
				if !unicode.Is(unicode.Han, r2) {
					break
				}
				offs = append(offs, j)
				j += s2
			}
			offs = append(offs, j)
			n := len(offs) - 1
			for k := 0; k < n; k++ {
				pos++
				if index || n == 1 {
					out = append(out, newToken(input[offs[k]:offs[k+1]], offs[k], offs[k+1], pos))
				}
				if k+1 < n {
					out = append(out, newToken(input[offs[k]:offs[k+2]], offs[k], offs[k+2], pos))
				}
			}
			i = j
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(input) {
				r2, s2 := utf8.DecodeRune(input[j:])
				if unicode.Is(unicode.Han, r2) || !(unicode.IsLetter(r2) || unicode.IsDigit(r2)) {
					break
				}
				j += s2
			}
			pos++
			out = append(out, newToken(input[i:j], i, j, pos))
			i = j
		default:
			i += size
		}
	}
	return out
}

func newToken(term []byte, start, end, pos int) *analysis.Token {
	return &analysis.Token{
		Term:     lowerASCII(term),
		Start:    start,
		End:      end,
		Position: pos,
		Type:     tokenType(term),
	}
}

// lowerASCII copies term with ASCII letters lower-cased; gse already does so
// in its own output, and the index must agree with it on both sides.
func lowerASCII(term []byte) []byte {
	out := make([]byte, len(term))
	for i, b := range term {
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		out[i] = b
	}
	return out
}

func tokenType(term []byte) analysis.TokenType {
	r, _ := utf8.DecodeRune(term)
	if unicode.Is(unicode.Han, r) {
		return analysis.Ideographic
	}
	return analysis.AlphaNumeric
}

// wordy reports whether a segment holds a letter, digit or Han character;
// gse returns punctuation and spaces as segments of their own.
func wordy(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) {
			return true
		}
		b = b[size:]
	}
	return false
}

// runeOffsets returns the byte offset of every rune of b and len(b) last.
func runeOffsets(b []byte) []int {
	offs := make([]int, 0, len(b)/3+1)
	for i := range string(b) {
		offs = append(offs, i)
	}
	return append(offs, len(b))
}
