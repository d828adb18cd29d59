// Package lexicon keeps the banned and restricted words staff add at run
// time, beside the lexicon embedded in the binary (dict/data/lexicon.tsv):
// a word takes effect at once, without a release, in every check (the
// lexicon rule and the disguised-word rule) and in the rules_version every
// answer carries.
//
// A run-time word is validated as an embedded row is (category, severity
// block or approval, where, the legal citation, a normalized word of at
// least two 汉字); a word of the embedded lexicon can be neither added nor
// removed here. On every change and at start-up (Load) the service
// installs the stored words as the overlay of package dict and indexes
// them in the disguised-word index.
//
// Key layout: lex/<normalized word> is one word (store.PrefixLexicon).
// Every write stores or deletes the word and its audit entry (object
// lexicon/<word>) in one transaction.
package lexicon
