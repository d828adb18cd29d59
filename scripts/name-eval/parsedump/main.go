// Command parsedump writes the parser's four parts for a fixed random sample
// of real names, one line each (name TAB region|trade_name|industry|org_form),
// so that a parser change can be judged by its effect on names nobody
// labelled: run it at two commits and compare the files (diff, or
// `-before FILE` to print only the names whose parts changed). Names of the
// labelled samples in name/testdata/eval (held-out, development, blind sets)
// are left out, so that reading the changes exposes none of them.
//
//	go run ./scripts/name-eval/parsedump [-n 30000] [-seed 777] [-out FILE] [-before FILE]
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"namescope/name"
)

func main() {
	names := flag.String("names", "../shared/data/company_names/company_names_sample_450k.txt", "real names, one a line")
	evalDir := flag.String("eval", "name/testdata/eval", "directory of the labelled samples whose names are left out")
	n := flag.Int("n", 30000, "names in the sample")
	seed := flag.Uint64("seed", 777, "random seed")
	out := flag.String("out", "", "write the parts here (default standard output)")
	before := flag.String("before", "", "an earlier dump: print only the names whose parts differ from it")
	flag.Parse()

	all, err := readLines(*names)
	if err != nil {
		fmt.Fprintf(os.Stderr, "parsedump: %v: skipped\n", err)
		return
	}
	exclude, err := sampleNames(*evalDir)
	must(err)
	// Shuffle first, then leave the labelled names out: two commits whose
	// samples differ by a labelled set drawn in between still share all
	// but a few of their names.
	r := rand.New(rand.NewPCG(*seed, 1))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var kept []string
	for _, s := range all {
		if len(kept) == *n {
			break
		}
		if !exclude[s] {
			kept = append(kept, s)
		}
	}

	var earlier map[string]string
	if *before != "" {
		earlier, err = readDump(*before)
		must(err)
	}
	w := bufio.NewWriter(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		must(err)
		defer f.Close()
		w = bufio.NewWriter(f)
	}
	defer w.Flush()
	changed, compared := 0, 0
	for _, s := range kept {
		p := name.Parse(s)
		parts := strings.Join([]string{p.Region, p.TradeName, p.Industry, p.OrgForm}, "|")
		if earlier != nil {
			old, ok := earlier[s]
			if !ok {
				continue
			}
			compared++
			if old == parts {
				continue
			}
			changed++
			fmt.Fprintf(w, "%s\t%s\t→\t%s\n", s, earlier[s], parts)
			continue
		}
		fmt.Fprintf(w, "%s\t%s\n", s, parts)
	}
	if earlier != nil {
		fmt.Fprintf(os.Stderr, "parsedump: %d of the %d names in both dumps parse otherwise\n", changed, compared)
	}
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// sampleNames reads the name column of every sample file (*.tsv with a
// header naming a "name" column) in dir.
func sampleNames(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		cr := csv.NewReader(f)
		cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = '\t', true, -1
		col := -1
		for {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if col < 0 {
				for i, h := range row {
					if h == "name" {
						col = i
					}
				}
				if col < 0 {
					break
				}
				continue
			}
			if col < len(row) {
				seen[strings.TrimSpace(row[col])] = true
			}
		}
		f.Close()
	}
	return seen, nil
}

func readDump(path string) (map[string]string, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(lines))
	for _, l := range lines {
		if s, parts, ok := strings.Cut(l, "\t"); ok {
			m[s] = parts
		}
	}
	return m, nil
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsedump:", err)
		os.Exit(1)
	}
}
