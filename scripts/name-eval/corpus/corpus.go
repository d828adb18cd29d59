// Package corpus reads the names corpora of ../shared/data for the
// evaluation scripts (never shipped in the binary).
package corpus

import (
	"bufio"
	"os"
	"strings"
)

// ReadNames reads the non-empty lines of a names file, trimmed.
func ReadNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
