package main

import (
	"context"
	"reflect"
	"sort"
	"strings"

	"namescope/dict"
	"namescope/name"
)

// The disguised-word rule, where the checker has one, asks a word index
// (the field Checker.Words, filled by the service with its lexicon index)
// for the banned words a 字号 may disguise and decides itself. This script
// looks the field up at run time, so that it builds with or without the
// rule, and fills it with wordIndex: the lexicon words, found for a stretch
// of the 字号 that reads like the word (common reading) or is the word with
// one character replaced by a look-alike — the retrieval the rule expects.

// wordIndex supplies candidate lexicon words for a text.
type wordIndex struct {
	sound    map[string][]string // common reading without spaces → words
	variants map[string][]string // the word and its one-look-alike variants → words
	longest  int
}

func soundKey(s string) string { return strings.ReplaceAll(dict.PinyinOf(s), " ", "") }

func newWordIndex(words []string) *wordIndex {
	w := &wordIndex{sound: map[string][]string{}, variants: map[string][]string{}}
	seen := map[string]bool{}
	for _, word := range words {
		rs := []rune(word)
		if len(rs) < 2 || seen[word] {
			continue
		}
		seen[word] = true
		w.longest = max(w.longest, len(rs))
		w.sound[soundKey(word)] = append(w.sound[soundKey(word)], word)
		w.variants[word] = append(w.variants[word], word)
		for i, r := range rs {
			for _, alike := range dict.LookAlikes(r) {
				v := append([]rune(nil), rs...)
				v[i] = alike
				w.variants[string(v)] = append(w.variants[string(v)], word)
			}
		}
	}
	return w
}

// Candidates returns, sorted, the words some stretch of text may disguise.
func (w *wordIndex) Candidates(_ context.Context, text string) ([]string, error) {
	rs := []rune(text)
	found := map[string]bool{}
	for n := 2; n <= min(w.longest, len(rs)); n++ {
		for i := 0; i+n <= len(rs); i++ {
			s := string(rs[i : i+n])
			for _, x := range w.variants[s] {
				found[x] = true
			}
			for _, x := range w.sound[soundKey(s)] {
				found[x] = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for x := range found {
		out = append(out, x)
	}
	sort.Strings(out)
	return out, nil
}

// newChecker is the checker every part of the evaluation uses: no registry
// (the empty registry the labels assume) and, when the checker has a
// disguised-word rule, the word index it needs. wired reports the latter.
func newChecker(words []string) (c *name.Checker, wired bool) {
	c = &name.Checker{}
	f := reflect.ValueOf(c).Elem().FieldByName("Words")
	idx := newWordIndex(words)
	if f.IsValid() && f.CanSet() && reflect.TypeOf(idx).AssignableTo(f.Type()) {
		f.Set(reflect.ValueOf(idx))
		return c, true
	}
	return c, false
}
