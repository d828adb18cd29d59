package main

import (
	"namescope/index"
	"namescope/name"
)

// The disguised-word rule asks a word index (Checker.Words, the service's
// index.Lexicon) for the banned words a 字号 may disguise. The evaluation
// uses the same index, built from the words the service indexes.

// newChecker is the checker every part of the evaluation uses: no registry
// (the empty registry the labels assume) and the service's lexicon index,
// holding what the service holds (name.DisguisableWords).
func newChecker() (c *name.Checker, wired bool) {
	var lw []index.LexiconWord
	for _, w := range name.DisguisableWords() {
		lw = append(lw, index.LexiconWord{Word: w})
	}
	lex, err := index.OpenLexicon(lw)
	if err != nil {
		panic(err)
	}
	return &name.Checker{Words: lex}, true
}
