package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A progress bar is drawn only on a terminal; either way the bytes read are
// the file's.
func TestProgressReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "names.csv")
	content := "name\n" + strings.Repeat("平顶山市星河科技有限公司\n", 1000)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, terminal := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "terminal"}[terminal], func(t *testing.T) {
			old := stderrIsTerminal
			stderrIsTerminal = func() bool { return terminal }
			defer func() { stderrIsTerminal = old }()
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, done := fileProgress(f, "import")
			if (r == io.Reader(f)) == terminal {
				t.Fatalf("terminal=%v: wrapped=%v", terminal, r != io.Reader(f))
			}
			b, err := io.ReadAll(r)
			done()
			if err != nil || string(b) != content {
				t.Fatalf("read %d bytes, %v", len(b), err)
			}
		})
	}
}

// The rebuild observer draws on a terminal only: the bar counts the names
// written, to the total; a pipe gets nothing.
func TestProgressObserver(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "terminal"}[terminal], func(t *testing.T) {
			old, oldErr := stderrIsTerminal, os.Stderr
			stderrIsTerminal = func() bool { return terminal }
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			os.Stderr = w
			defer func() { stderrIsTerminal, os.Stderr = old, oldErr }()
			observe, done := progressObserver("reindex")
			observe(0, 0) // an empty store: no bar
			observe(0, 200)
			observe(200, 200)
			done()
			w.Close()
			b, _ := io.ReadAll(r)
			drawn := strings.Contains(string(b), "200/200")
			if drawn != terminal {
				t.Fatalf("terminal=%v: drew %q", terminal, b)
			}
		})
	}
}
