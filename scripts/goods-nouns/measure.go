package main

import (
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"

	"namescope/dict"
	"namescope/name"
	"namescope/scripts/name-eval/corpus"
)

// measure reports how often the written list fires on real names: of n
// random names of the shared sample (fixed seed), how many hold a listed
// word anywhere, and how many hold one inside the 字号 the current parser
// reads, with the words found there most often. It only measures: the
// list is built from the dictionaries alone and is never tuned on names.
func measure(listPath, namesPath string, n int, seed int64) error {
	data, err := os.ReadFile(listPath)
	if err != nil {
		return err
	}
	words := map[string]bool{}
	longest := 0
	for _, line := range strings.Split(string(data), "\n") {
		w, _, _ := strings.Cut(line, "\t")
		if w == "" || strings.HasPrefix(w, "#") || w == "word" {
			continue
		}
		words[w] = true
		longest = max(longest, len([]rune(w)))
	}
	names, err := corpus.ReadNames(namesPath)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewSource(seed))
	perm := r.Perm(len(names))
	n = min(n, len(perm))
	anywhere, inTrade := 0, 0
	found := map[string]int{}
	for _, i := range perm[:n] {
		normalized := dict.Normalize(names[i])
		if len(listed(normalized, words, longest)) > 0 {
			anywhere++
		}
		p := name.Parse(names[i])
		if hits := listed(p.TradeName, words, longest); len(hits) > 0 {
			inTrade++
			for _, w := range hits {
				found[w]++
			}
		}
	}
	fmt.Printf("%d listed words; %d random names (seed %d)\n", len(words), n, seed)
	fmt.Printf("names holding a listed word anywhere: %d (%.1f %%)\n", anywhere, 100*float64(anywhere)/float64(n))
	fmt.Printf("names whose 字号 (as name.Parse reads it) holds a listed word: %d (%.1f %%)\n", inTrade, 100*float64(inTrade)/float64(n))
	type wc struct {
		w string
		c int
	}
	var top []wc
	for w, c := range found {
		top = append(top, wc{w, c})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].c != top[j].c {
			return top[i].c > top[j].c
		}
		return top[i].w < top[j].w
	})
	for _, t := range top[:min(40, len(top))] {
		fmt.Printf("  %s\t%d\n", t.w, t.c)
	}
	return nil
}

// listed returns the listed words found in s, each once.
func listed(s string, words map[string]bool, longest int) []string {
	rs := []rune(s)
	seen := map[string]bool{}
	var out []string
	for i := range rs {
		for j := i + 2; j <= len(rs) && j-i <= longest; j++ {
			if w := string(rs[i:j]); words[w] && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}
