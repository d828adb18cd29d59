// Package dict owns the lexicons and text normalization that every other
// package compares names with: administrative divisions, GB/T 4754-2017
// industries and the industry expressions used in names, organisational
// forms, the banned and restricted word lexicon with its legal citations,
// pinyin readings and look-alike characters. Everything is embedded in the
// binary and loaded once per process; lookups are read-only and safe for
// concurrent use.
package dict
