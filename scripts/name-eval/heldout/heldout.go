package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"namescope/dict"
	"namescope/name"
)

// partNames are the four parsed parts, in the labels' column order.
var partNames = [4]string{"region", "trade_name", "industry", "org_form"}

// labelRow is one row of heldout_labels.tsv (GUIDE.md §6).
type labelRow struct {
	ID, Name, Authority, Skipped, Verdict, Note string
	Codes                                       []string
	Parts                                       [4]string
}

func (r labelRow) skipped() bool { return r.Skipped != "no" }

// readLabels reads a labels file; the header names the columns.
func readLabels(path string) ([]labelRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var header []string
	var rows []labelRow
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if header == nil {
			header = fields
			continue
		}
		if len(fields) != len(header) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(fields), len(header))
		}
		col := map[string]string{}
		for i, h := range header {
			col[h] = fields[i]
		}
		r := labelRow{ID: col["id"], Name: col["name"], Authority: col["authority_code"], Skipped: col["skipped"],
			Verdict: col["verdict"], Note: col["note"]}
		if c := col["finding_codes"]; c != "" {
			r.Codes = strings.Split(c, ",")
		}
		for i, p := range partNames {
			r.Parts[i] = col[p]
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

// answer is the checker's answer to one request, in the scoring's terms.
type answer struct {
	verdict string
	fs      []finding
	parts   [4]string
	err     error
}

// codes lists the answer's non-information codes, once each, in order.
func (a answer) codes() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range a.fs {
		if rank(f.Severity) > 0 && !seen[f.Code] {
			seen[f.Code] = true
			out = append(out, f.Code)
		}
	}
	sort.Strings(out)
	return out
}

func (a answer) String() string {
	if a.err != nil {
		return "error: " + a.err.Error()
	}
	if c := a.codes(); len(c) > 0 {
		return a.verdict + " " + strings.Join(c, ",")
	}
	return a.verdict
}

// rulesVersion is the rules version the checker's answers carry, if any.
var rulesVersion string

// check runs the real checker (empty registry, as the labels assume).
func check(ctx context.Context, c *name.Checker, req name.Request) answer {
	res, err := c.Check(ctx, req)
	if err != nil {
		return answer{verdict: "error", err: err, parts: checkerParts(name.Parse(req.Name))}
	}
	if rulesVersion == "" {
		// Result.RulesVersion where the checker reports one (looked up at
		// run time, like Checker.Words).
		if f := reflect.ValueOf(res).Elem().FieldByName("RulesVersion"); f.IsValid() && f.Kind() == reflect.String {
			rulesVersion = f.String()
		}
	}
	a := answer{verdict: string(res.Verdict)}
	for _, f := range res.Findings {
		a.fs = append(a.fs, finding{Code: f.Code, Severity: string(f.Severity)})
	}
	p := res.Parsed()
	if p == nil {
		p = name.Parse(req.Name)
	}
	a.parts = checkerParts(p)
	return a
}

// checkerParts puts the checker's parse in the labels' column convention
// (GUIDE.md §7): 集团/（集团） before the form is part of org_form, and a
// branch's org_form is its parent's form + the branch qualifier + the
// branch form word.
func checkerParts(p *name.Parts) [4]string {
	form := groupedForm(p)
	if p.IsBranch() {
		form = groupedForm(name.Parse(p.Parent)) + p.BranchQualifier + p.OrgForm
	}
	return [4]string{p.Region, p.TradeName, p.Industry, form}
}

func groupedForm(p *name.Parts) string {
	if !p.Group || p.OrgForm == "" {
		return p.OrgForm
	}
	rs := []rune(p.Normalized)
	at := p.OrgFormSpan[0]
	if at > len(rs) {
		return p.OrgForm
	}
	for _, g := range []string{"（集团）", "集团"} {
		n := len([]rune(g))
		if at >= n && string(rs[at-n:at]) == g {
			return g + p.OrgForm
		}
	}
	return p.OrgForm
}

// samePart compares a label's part with the checker's; the label is written
// normalized, dict.Normalize is applied too in case the folding differs.
func samePart(label, checker string) bool {
	return label == checker || dict.Normalize(label) == checker
}

// tally counts defects and how many were flagged.
type tally struct{ n, family, exact int }

// pairStat counts one disagreement pair with a few examples.
type pairStat struct {
	n        int
	examples []string
}

// heldoutResult holds every figure of the held-out evaluation.
type heldoutResult struct {
	rows     int
	skipped  []labelRow
	scored   int
	errors   []string
	faFamily int
	faStrict int
	faLines  []string // family false alarms
	strictFA []string // false alarms only under strict codes
	matrix   map[[2]string]int

	defects     map[string]*tally // per label code
	defectN     int               // labelled (row, code) defects
	defectFam   int
	defectExact int
	// Labelled defects of a branch's parent name (GUIDE §3.6 labels them
	// on the branch; issue 10 says a branch does not inherit its parent's
	// findings, and the checker follows the issue): how many, how many flagged.
	parentDefectN, parentDefectFam int
	defectRows                     int // non-pass labelled rows
	defectRowsFlagged              int // … answered with a non-pass verdict
	missed                         []string

	pairs map[pair]*pairStat

	partOK    [4]int
	allOK     int
	partMiss  [4]map[string]*pairStat // per part: kind of disagreement → rows, examples
	partCombo map[string]*pairStat
	// parseLines lists every row whose parts differ, label → checker.
	parseLines []string
}

// parentCodes are the codes GUIDE §3.6 gives a branch for its parent's name.
var parentCodes = map[string]bool{
	"no_region": true, "restricted_prefix": true, "group_conditions": true,
	"org_form_bare_company": true, "trade_name_is_industry": true,
}

func evalHeldout(ctx context.Context, checker *name.Checker, rows []labelRow) *heldoutResult {
	h := &heldoutResult{rows: len(rows), matrix: map[[2]string]int{}, defects: map[string]*tally{},
		pairs: map[pair]*pairStat{}, partCombo: map[string]*pairStat{}}
	for _, r := range rows {
		if r.skipped() {
			h.skipped = append(h.skipped, r)
			continue
		}
		h.scored++
		a := check(ctx, checker, name.Request{Name: r.Name, AuthorityCode: r.Authority})
		who := fmt.Sprintf("%s %s", r.ID, r.Name)
		labelAns := r.Verdict
		if len(r.Codes) > 0 {
			labelAns += " " + strings.Join(r.Codes, ",")
		}
		if a.err != nil {
			h.errors = append(h.errors, fmt.Sprintf("%s (authority %s): %v", who, r.Authority, a.err))
		}
		h.matrix[[2]string{r.Verdict, a.verdict}]++

		// False alarms.
		famWhy := falseAlarm(r.Verdict, r.Codes, a.verdict, a.fs, false)
		if a.err != nil {
			famWhy = append(famWhy, "checker error")
		}
		strictWhy := falseAlarm(r.Verdict, r.Codes, a.verdict, a.fs, true)
		if a.err != nil {
			strictWhy = append(strictWhy, "checker error")
		}
		if len(famWhy) > 0 {
			h.faFamily++
			line := fmt.Sprintf("%s — label %s; checker %s; %s", who, labelAns, a, strings.Join(famWhy, "; "))
			if r.Note != "" {
				line += " (label note: " + r.Note + ")"
			}
			h.faLines = append(h.faLines, line)
		}
		if len(strictWhy) > 0 {
			h.faStrict++
			if len(famWhy) == 0 {
				h.strictFA = append(h.strictFA, fmt.Sprintf("%s — label %s; checker %s; %s", who, labelAns, a, strings.Join(strictWhy, "; ")))
			}
		}

		// Labelled defects still flagged.
		if r.Verdict != "pass" {
			h.defectRows++
			if rank(a.verdict) > 0 {
				h.defectRowsFlagged++
			}
		}
		var missedCodes []string
		branch := name.Parse(r.Name).IsBranch()
		for _, c := range r.Codes {
			if branch && parentCodes[c] {
				h.parentDefectN++
				if flagged(c, a.fs, false) {
					h.parentDefectFam++
				}
			}
			t := h.defects[c]
			if t == nil {
				t = &tally{}
				h.defects[c] = t
			}
			t.n++
			h.defectN++
			if flagged(c, a.fs, false) {
				t.family++
				h.defectFam++
			} else {
				missedCodes = append(missedCodes, c)
			}
			if flagged(c, a.fs, true) {
				t.exact++
				h.defectExact++
			}
		}
		if len(missedCodes) > 0 {
			h.missed = append(h.missed, fmt.Sprintf("%s — missed %s; checker %s", who, strings.Join(missedCodes, ","), a))
		}

		// Disagreement pairs.
		for _, p := range diffPairs(r.Codes, a.fs) {
			s := h.pairs[p]
			if s == nil {
				s = &pairStat{}
				h.pairs[p] = s
			}
			s.n++
			if len(s.examples) < 3 {
				s.examples = append(s.examples, who)
			}
		}

		// Parse agreement.
		all := true
		var wrong []string
		for i := range partNames {
			if samePart(r.Parts[i], a.parts[i]) {
				h.partOK[i]++
				continue
			}
			all = false
			wrong = append(wrong, partNames[i])
			if h.partMiss[i] == nil {
				h.partMiss[i] = map[string]*pairStat{}
			}
			k := partDiffKind(r.Parts[i], a.parts[i])
			s := h.partMiss[i][k]
			if s == nil {
				s = &pairStat{}
				h.partMiss[i][k] = s
			}
			s.n++
			if len(s.examples) < 4 {
				s.examples = append(s.examples, fmt.Sprintf("%s %s “%s” → “%s”", r.ID, r.Name, r.Parts[i], a.parts[i]))
			}
		}
		if all {
			h.allOK++
		} else {
			h.parseLines = append(h.parseLines, fmt.Sprintf("%s %s — label %q, checker %q", r.ID, r.Name, r.Parts, a.parts))
			k := strings.Join(wrong, " + ")
			s := h.partCombo[k]
			if s == nil {
				s = &pairStat{}
				h.partCombo[k] = s
			}
			s.n++
			if len(s.examples) < 3 {
				s.examples = append(s.examples, r.ID)
			}
		}
	}
	return h
}

// partDiffKind classes a disagreement on one part, label against checker.
func partDiffKind(label, checker string) string {
	switch {
	case label == "":
		return "the checker finds one, the label has none"
	case checker == "":
		return "the checker finds none"
	case strings.HasPrefix(checker, label):
		return "the checker's is longer (runs on after the label's)"
	case strings.HasSuffix(checker, label):
		return "the checker's is longer (starts before the label's)"
	case strings.Contains(label, checker):
		return "the checker's is shorter"
	}
	return "different"
}
