// Command marks measures how often the trademark rules fire on real
// registered names (issue 10, "Well-known marks"): the first -n names of the
// real-name sample are checked against an empty registry that holds only the
// embedded list of well-known marks (dict/data/well_known_marks.tsv, as a
// fresh `namescope serve` seeds it), each with the authority of the most
// specific division the checker parses (the default authority when it finds
// none). Real names are overwhelmingly not copies of famous brands, so every
// mark finding on them is a candidate false alarm; the figure to keep low is
// the share of names with one.
//
// It prints that share by code and severity with examples; -out writes it
// as Markdown, -section puts it into its marked section of another file
// (docs/name-eval.md, which scripts/name-eval rewrites: run this after it). Run it on an older checkout to compare rules: the issue-10
// change of the mark rules (commit 4fbe300) took the share of the first
// 20,000 names with a mark finding from 3.13 % to 0.83 %.
//
//	go run ./scripts/name-eval/marks [-n 20000] [-names FILE] [-out FILE] [-section docs/name-eval.md]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"namescope/config"
	"namescope/dict"
	"namescope/internal/app"
	"namescope/name"
	"namescope/scripts/name-eval/corpus"
	"namescope/scripts/name-eval/section"
)

// markCodes are the findings the trademark rules give.
var markCodes = map[string]bool{"well_known_mark": true, "registered_mark": true}

func main() {
	n := flag.Int("n", 20000, "names to check, from the head of the file")
	names := flag.String("names", "../shared/data/company_names/company_names_sample_450k.txt", "real names, one per line")
	out := flag.String("out", "", "write the result as Markdown to this file too")
	sect := flag.String("section", "", "replace (or append) the marks section of this Markdown file, keeping the rest")
	flag.Parse()
	if err := run(*n, *names, *out, *sect); err != nil {
		fmt.Fprintln(os.Stderr, "marks:", err)
		os.Exit(1)
	}
}

type stat struct {
	n        int
	examples []string
}

func run(n int, path, out, sect string) error {
	all, err := corpus.ReadNames(path)
	if err != nil {
		return err
	}
	if len(all) > n {
		all = all[:n]
	}
	ctx := context.Background()
	a, err := app.Open(ctx, app.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	def := config.Default().DefaultAuthority().Code
	flagged := 0
	byCode := map[string]*stat{}
	for _, nm := range all {
		res, err := a.Checker.Check(ctx, name.Request{Name: nm, AuthorityCode: authorityFor(name.Parse(nm), def)})
		if err != nil {
			return fmt.Errorf("check %s: %w", nm, err)
		}
		hit := false
		for _, f := range res.Findings {
			if !markCodes[f.Code] {
				continue
			}
			hit = true
			k := f.Code + " (" + string(f.Severity) + ")"
			s := byCode[k]
			if s == nil {
				s = &stat{}
				byCode[k] = s
			}
			s.n++
			if len(s.examples) < 5 {
				s.examples = append(s.examples, nm+"："+f.Message)
			}
		}
		if hit {
			flagged++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Mark findings on real names (issue 10)\n\n")
	fmt.Fprintf(&b, "Written by `go run ./scripts/name-eval/marks -n %d -section docs/name-eval.md`. Real names are overwhelmingly not copies of famous brands, so every mark finding on them is a candidate false alarm. "+
		"Before the issue-10 mark rules (the parent of commit 4fbe300, this script copied into a checkout of it with the default authority written out): 626 of 20,000 = 3.13 %%; at 4fbe300: 0.83 %%.\n\n", n)
	fmt.Fprintf(&b, "The first %d names of `%s`, empty registry with the %d embedded well-known marks, rules %s.\n\n",
		len(all), path, len(dict.WellKnownMarks()), name.RulesVersion())
	fmt.Fprintf(&b, "Names with a mark finding: **%d of %d = %.2f %%**.\n\n", flagged, len(all), 100*float64(flagged)/float64(max(len(all), 1)))
	keys := make([]string, 0, len(byCode))
	for k := range byCode {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		b.WriteString("| finding (severity) | names | examples |\n|---|---|---|\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", k, byCode[k].n, strings.Join(byCode[k].examples, "<br>"))
		}
	}
	fmt.Print(b.String())
	if out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	if sect != "" {
		return section.Write(sect, "name-eval-marks", "name-eval/marks", b.String())
	}
	return nil
}

// authorityFor is the code of the most specific division the parse names
// that has a registration scope, or def.
func authorityFor(p *name.Parts, def string) string {
	for i := len(p.Regions) - 1; i >= 0; i-- {
		if r := p.Regions[i]; r != nil {
			if _, ok := dict.AuthorityScope(r.Code); ok {
				return r.Code
			}
		}
	}
	return def
}
