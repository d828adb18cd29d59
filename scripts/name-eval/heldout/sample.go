package main

import (
	"context"
	"math/rand/v2"
	"sort"

	"namescope/config"
	"namescope/dict"
	"namescope/name"
	"namescope/scripts/name-eval/corpus"
)

// defaultAuthority registers a sampled name whose region the checker does
// not find: the default authority of the default configuration.
var defaultAuthority = config.Default().DefaultAuthority().Code

// sampleResult is the verdict distribution and the finding codes on a
// larger sample of real names.
type sampleResult struct {
	pool, n     int
	noRegion    int // names registered at defaultAuthority
	errors      int
	verdicts    map[string]int
	codes       map[string]*pairStat // code → names with it, examples
	codeSevs    map[string]string
	missingFile string
}

// authorityFor is the code of the most specific division the checker's
// parse names — for a branch the one at the head of the branch part, if
// any (GUIDE.md §2.2) — or defaultAuthority when it finds none.
func authorityFor(p *name.Parts) (string, bool) {
	if p.IsBranch() {
		if r := headDivision(p.BranchQualifier); r != nil {
			return r.Code, true
		}
	}
	for i := len(p.Regions) - 1; i >= 0; i-- {
		r := p.Regions[i]
		if r == nil {
			continue
		}
		if _, ok := dict.AuthorityScope(r.Code); ok {
			return r.Code, true
		}
	}
	return defaultAuthority, false
}

// evalSample draws n names of the file with a fixed seed (leaving out the
// held-out names) and checks each.
func evalSample(ctx context.Context, checker *name.Checker, path string, n int, seed uint64, exclude map[string]bool) *sampleResult {
	s := &sampleResult{verdicts: map[string]int{}, codes: map[string]*pairStat{}, codeSevs: map[string]string{}}
	names, err := corpus.ReadNames(path)
	if err != nil {
		s.missingFile = err.Error()
		return s
	}
	s.pool = len(names)
	rng := rand.New(rand.NewPCG(seed, 3000))
	seen := map[string]bool{}
	for _, i := range rng.Perm(len(names)) {
		if s.n == n {
			break
		}
		nm := names[i]
		key := dict.Normalize(nm)
		if exclude[key] || seen[key] {
			continue
		}
		seen[key] = true
		auth, ok := authorityFor(name.Parse(nm))
		if !ok {
			s.noRegion++
		}
		a := check(ctx, checker, name.Request{Name: nm, AuthorityCode: auth})
		s.n++
		if a.err != nil {
			s.errors++
		}
		s.verdicts[a.verdict]++
		for _, c := range a.codes() {
			st := s.codes[c]
			if st == nil {
				st = &pairStat{}
				s.codes[c] = st
			}
			st.n++
			if len(st.examples) < 2 {
				st.examples = append(st.examples, nm)
			}
		}
		for _, f := range a.fs {
			if rank(f.Severity) > 0 {
				s.codeSevs[f.Code] = f.Severity
			}
		}
	}
	return s
}

// sortedCodes lists the codes by count, then name.
func (s *sampleResult) sortedCodes() []string {
	out := make([]string, 0, len(s.codes))
	for c := range s.codes {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if s.codes[out[i]].n != s.codes[out[j]].n {
			return s.codes[out[i]].n > s.codes[out[j]].n
		}
		return out[i] < out[j]
	})
	return out
}

// headDivision is the most specific division of the chain of region names
// at the head of s (辽宁大连销售分公司 → 大连市), each inside the previous.
func headDivision(s string) *dict.Region {
	var last *dict.Region
	rest := s
	for rest != "" {
		var next *dict.Region
		var text string
		for _, cand := range dict.RegionPrefixes(rest) {
			for _, r := range dict.RegionsNamed(cand) {
				if last == nil || within(r, last) {
					next, text = r, cand
					break
				}
			}
			if next != nil {
				break
			}
		}
		if next == nil {
			break
		}
		last = next
		rest = rest[len(text):]
	}
	if last != nil {
		if _, ok := dict.AuthorityScope(last.Code); !ok {
			return nil
		}
	}
	return last
}

// within reports whether r lies below parent.
func within(r, parent *dict.Region) bool {
	if r.Level <= parent.Level {
		return false
	}
	if parent.Level == dict.Province {
		return r.ProvinceCode == parent.Code
	}
	return r.CityCode == parent.Code
}
