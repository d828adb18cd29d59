package index

import (
	"context"
	"sort"
	"strings"
	"sync"

	"namescope/dict"
)

// Lexicon indexes banned and restricted words with the analysis the name
// index gives 字号 (readings and look-alike characters), so that a 字号 that
// disguises a word — 堵博 or 睹博 for 赌博 — finds it. Like the name index
// it only supplies candidate words; the name package decides. It lives in
// memory, built from the embedded lexicon at start-up and changed when
// staff add or remove words. A few thousand words fit two hash maps: a
// bleve disjunction over every stretch of the 字号 cost 0.27 ms per check,
// the maps a few microseconds, on the path of every check.
type Lexicon struct {
	mu       sync.RWMutex
	variants map[string]map[string]bool // the word and its one-look-alike variants → words
	sounds   map[string]map[string]bool // the common reading, toneless, no spaces → words
	keys     map[string][]string        // word → its variant keys (to remove it)
	longest  int                        // characters of the longest word
}

// LexiconWord is a word to index.
type LexiconWord struct {
	Word string // normalized
}

// OpenLexicon builds the lexicon index of words (two characters or more; a
// single character disguised is too common to say anything).
func OpenLexicon(words []LexiconWord) (*Lexicon, error) {
	l := &Lexicon{variants: map[string]map[string]bool{}, sounds: map[string]map[string]bool{}, keys: map[string][]string{}}
	return l, l.Add(words)
}

// Add indexes words (staff's run-time additions).
func (l *Lexicon) Add(words []LexiconWord) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range words {
		rs := []rune(w.Word)
		if len(rs) < 2 {
			continue
		}
		l.removeLocked(w.Word)
		l.longest = max(l.longest, len(rs))
		vs := lookAlikeVariants(rs)
		for _, v := range vs {
			put(l.variants, v, w.Word)
		}
		put(l.sounds, soundKey(w.Word), w.Word)
		l.keys[w.Word] = vs
	}
	return nil
}

// Delete removes a word.
func (l *Lexicon) Delete(word string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.removeLocked(word)
	return nil
}

func (l *Lexicon) removeLocked(word string) {
	vs, ok := l.keys[word]
	if !ok {
		return
	}
	for _, v := range vs {
		drop(l.variants, v, word)
	}
	drop(l.sounds, soundKey(word), word)
	delete(l.keys, word)
}

func put(m map[string]map[string]bool, k, word string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][word] = true
}

func drop(m map[string]map[string]bool, k, word string) {
	delete(m[k], word)
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

// Close releases nothing (the index is in memory); it keeps the shape of
// the other indexes.
func (l *Lexicon) Close() error { return nil }

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

// Candidates returns, sorted, the words that some part of text (a 字号)
// may disguise: a stretch of it reads like the word, or is the word with
// one character replaced by a look-alike. The caller verifies each.
func (l *Lexicon) Candidates(ctx context.Context, text string) ([]string, error) {
	rs := []rune(text)
	l.mu.RLock()
	defer l.mu.RUnlock()
	found := map[string]bool{}
	for n := 2; n <= min(l.longest, len(rs)); n++ {
		for i := 0; i+n <= len(rs); i++ {
			s := string(rs[i : i+n])
			for w := range l.variants[s] {
				found[w] = true
			}
			for w := range l.sounds[soundKey(s)] {
				found[w] = true
			}
		}
	}
	return sortedWords(found), ctx.Err()
}

// BySound returns the words whose common reading, toneless and without
// spaces, is key (a 字号 written in pinyin: duju for 赌具).
func (l *Lexicon) BySound(ctx context.Context, key string) ([]string, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return sortedWords(l.sounds[strings.ToLower(key)]), ctx.Err()
}

func sortedWords(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
