// Package section writes the part of a Markdown file that one evaluation
// script owns, between two HTML comments naming it, and keeps the rest of
// the file: several scripts write docs/name-eval.md.
package section

import (
	"os"
	"strings"
)

// Write replaces the text between the markers of label in path with body,
// or appends the markers and body when the file has none; script names the
// writer in the opening marker (name-eval/heldout).
func Write(path, label, script, body string) error {
	begin := "<!-- " + label + ": begin (written by scripts/" + script + " -section) -->"
	end := "<!-- " + label + ": end -->"
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	block := begin + "\n\n" + strings.TrimSpace(body) + "\n\n" + end + "\n"
	i := strings.Index(text, begin)
	j := strings.Index(text, end)
	switch {
	case i >= 0 && j > i:
		rest := strings.TrimPrefix(text[j+len(end):], "\n")
		text = text[:i] + block + rest
	case text == "":
		text = block
	default:
		text = strings.TrimRight(text, "\n") + "\n\n" + block
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
