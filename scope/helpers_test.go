package scope

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"namescope/apperr"
	"namescope/internal/testdep"
)

var (
	searcherOnce sync.Once
	testSearcher *Searcher
	searcherErr  error
)

// defaultSearcher is one searcher over the default catalogue for all tests:
// loading the segmenter and indexing take seconds.
func defaultSearcher(t testing.TB) *Searcher {
	t.Helper()
	searcherOnce.Do(func() { testSearcher, searcherErr = NewSearcher(DefaultCatalogue()) })
	if searcherErr != nil {
		t.Fatal(searcherErr)
	}
	return testSearcher
}

// sharedData returns the path of a file of ../shared/data. When the shared
// data is not checked out next to the repository the test fails under CI
// and skips elsewhere (see testdep.Require).
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", filepath.FromSlash(rel))
	_, err := os.Stat(p)
	testdep.Require(t, "shared data "+p, err)
	return p
}

func codeOf(err error) apperr.Code { return apperr.CodeOf(err) }

func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a ValidationError", err)
	}
	return ve.Problems
}

func mustCatalogue(t testing.TB, entries ...Entry) *Catalogue {
	t.Helper()
	c, err := NewCatalogue("测试目录", "", entries)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func byWording(t testing.TB, cat *Catalogue, wording string) Entry {
	t.Helper()
	for _, e := range cat.entries {
		if e.Wording == wording {
			return e.clone()
		}
	}
	t.Fatalf("no entry %q in %s", wording, cat.Name())
	return Entry{}
}
