package dict

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strconv"
	"sync"
)

// digestLen is how many hex digits of the SHA-256 DataDigest keeps.
const digestLen = 12

// dataDigest is computed once: the embedded data never changes while the
// binary runs.
var dataDigest = sync.OnceValue(func() string {
	return digestOf(embeddedData())
})

// DataDigest is a short hex digest (12 digits of a SHA-256) of the embedded
// data the name rules are driven by: the banned and restricted lexicon, the
// industry expressions and GB/T 4754, the standard and look-alike
// characters, the well-known marks, the Nice classes and the division codes.
// It changes with any byte of those files, so that an answer can say which
// data it was given under.
func DataDigest() string { return dataDigest() }

// dataFile is one embedded file by its path under dict/.
type dataFile struct {
	name string
	body string
}

// embeddedData lists the embedded files, the same bytes the dictionaries
// are loaded from, in a fixed order.
func embeddedData() []dataFile {
	files := []dataFile{
		{"data/lexicon.tsv", lexiconText},
		{"data/industry_terms.tsv", industryTermsText},
		{"data/industry_vocab.tsv", industryVocabText},
		{"data/gbt4754_2017.csv", gbtText},
		{"data/standard_chars.txt", standardCharsText},
		{"data/lookalike.tsv", lookalikeText},
		{"data/well_known_marks.tsv", wellKnownText},
		{"data/nice_gbt.tsv", niceText},
	}
	// fs.WalkDir visits in lexical order: the digest does not depend on
	// how the embedded directory is listed.
	_ = fs.WalkDir(regionFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".csv" {
			return err
		}
		b, err := fs.ReadFile(regionFiles, p)
		if err != nil {
			return err
		}
		files = append(files, dataFile{p, string(b)})
		return nil
	})
	return files
}

// digestOf hashes each file's name and length before its bytes, so that
// moving bytes from one file to the next changes the digest too.
func digestOf(files []dataFile) string {
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(f.name))
		h.Write([]byte{0})
		h.Write([]byte(strconv.Itoa(len(f.body))))
		h.Write([]byte{0})
		h.Write([]byte(f.body))
	}
	return hex.EncodeToString(h.Sum(nil))[:digestLen]
}
