package main

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWilson(t *testing.T) {
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0, 0.2775},      // z²/(n+z²)
		{5, 10, 0.2366, 0.7634}, // symmetric around 0.5
		{10, 10, 0.7225, 1},
		{12, 597, 0.0116, 0.0348},
	} {
		lo, hi := wilson(c.k, c.n)
		if math.Abs(lo-c.lo) > 5e-4 || math.Abs(hi-c.hi) > 5e-4 {
			t.Errorf("wilson(%d, %d) = %.4f–%.4f, want %.4f–%.4f", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := wilson(0, 0); lo != 0 || hi != 1 {
		t.Errorf("wilson(0, 0) = %v–%v, want 0–1", lo, hi)
	}
}

func TestFamily(t *testing.T) {
	same := [][2]string{
		{"no_trade_name", "trade_name_is_industry"},
		{"no_region", "province_region"},
		{"region_renamed", "region_outside_authority"},
		{"lexicon_obscene", "lexicon_vulgar"},
		{"lexicon_misleading", "public_institution_name"},
		{"restricted_medical", "school_not_company"},
		{"restricted_prefix", "china_marker"},
		{"no_org_form", "org_form_bare_company"},
		{"letters_or_digits", "traditional_chars"},
	}
	for _, p := range same {
		if !sameDefect(p[0], p[1], false) || sameDefect(p[0], p[1], true) {
			t.Errorf("%s / %s: want one family, different codes", p[0], p[1])
		}
	}
	for _, p := range [][2]string{
		{"no_region", "restricted_prefix"},
		{"group_conditions", "org_form_bare_company"},
		{"restricted_financial", "lexicon_misleading"},
		{"trade_name_is_region", "region_outside_authority"},
	} {
		if sameDefect(p[0], p[1], false) {
			t.Errorf("%s / %s: want different families", p[0], p[1])
		}
	}
}

func fs(pairs ...string) []finding {
	var out []finding
	for _, p := range pairs {
		code, sev, _ := strings.Cut(p, ":")
		out = append(out, finding{Code: code, Severity: sev})
	}
	return out
}

func TestFalseAlarm(t *testing.T) {
	for _, c := range []struct {
		desc          string
		label         string
		codes         []string
		verdict       string
		fs            []finding
		family, exact bool
	}{
		{"both pass", "pass", nil, "pass", nil, false, false},
		{"information only", "pass", nil, "pass", fs("china_marker_fie:info"), false, false},
		{"pass labelled, warned", "pass", nil, "warn", fs("group_conditions:warn"), true, true},
		{"same family, other code", "approval", []string{"no_region"}, "approval", fs("province_region:approval"), false, true},
		{"字号 family", "block", []string{"trade_name_is_industry"}, "block", fs("no_trade_name:block"), false, true},
		{"lexicon family", "block", []string{"lexicon_obscene"}, "block", fs("lexicon_vulgar:block"), false, true},
		{"more severe verdict", "approval", []string{"no_region", "restricted_prefix"}, "block",
			fs("restricted_word_in_trade_name:block", "no_region:approval"), true, true},
		{"unlabelled code at the verdict", "block", []string{"trade_name_is_industry"}, "block",
			fs("trade_name_is_industry:block", "letters_or_digits:block"), true, true},
		{"unlabelled code below the verdict", "approval", []string{"no_region", "restricted_financial"}, "approval",
			fs("no_region:approval", "group_conditions:warn"), false, false},
		{"less severe (a miss, not a false alarm)", "warn", []string{"group_conditions"}, "pass", nil, false, false},
		{"same verdict, defect of another family", "approval", []string{"restricted_financial"}, "approval",
			fs("no_region:approval"), true, true},
	} {
		got := len(falseAlarm(c.label, c.codes, c.verdict, c.fs, false)) > 0
		gotExact := len(falseAlarm(c.label, c.codes, c.verdict, c.fs, true)) > 0
		if got != c.family || gotExact != c.exact {
			t.Errorf("%s: false alarm by family %v, exactly %v; want %v, %v", c.desc, got, gotExact, c.family, c.exact)
		}
	}
}

func TestFlagged(t *testing.T) {
	f := fs("province_region:approval", "china_marker_fie:info", "group_conditions:warn")
	if !flagged("no_region", f, false) || flagged("no_region", f, true) {
		t.Error("no_region: want flagged by family only")
	}
	if flagged("china_marker", f, false) {
		t.Error("an information finding does not flag a defect")
	}
	if !flagged("group_conditions", f, true) {
		t.Error("group_conditions: want flagged")
	}
}

func TestDiffPairs(t *testing.T) {
	got := diffPairs([]string{"no_region", "restricted_financial", "restricted_prefix"},
		fs("province_region:approval", "restricted_prefix:approval", "lexicon_misleading:block", "china_marker_fie:info"))
	want := []pair{{"—", "lexicon_misleading"}, {"no_region", "province_region"}, {"restricted_financial", "—"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diffPairs = %v, want %v", got, want)
	}
	kinds := []string{"checker only", "same family", "missed"}
	for i, p := range want {
		if p.kind() != kinds[i] {
			t.Errorf("%v: kind %q, want %q", p, p.kind(), kinds[i])
		}
	}
}

func TestWriteSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eval.md")
	if err := os.WriteFile(path, []byte("# recall\n\n| a | b |\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"first", "second"} {
		if err := writeSection(path, body); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	if !strings.HasPrefix(text, "# recall\n\n| a | b |\n\n") || strings.Contains(text, "first") ||
		strings.Count(text, "second") != 1 || strings.Count(text, "<!-- "+sectionLabel+": begin") != 1 {
		t.Errorf("after two writes:\n%s", text)
	}
}

// TestLabelledFloors keeps the parser and the rules from falling below what
// the labelled sets show today (docs/name-eval.md), so that a change which
// loses accuracy on real names fails CI rather than a later report: the
// held-out targets of issue 10 (parse fully correct ≥ 95 %, false alarms
// ≤ 3 %) and, on the blind sets fresh2–fresh4 together (tuned on since their
// one scoring, FROZEN.md), parse ≥ 94 % and false alarms ≤ 2 %.
func TestLabelledFloors(t *testing.T) {
	root := filepath.Join("..", "..", "..", "name", "testdata", "eval")
	read := func(t *testing.T, files ...string) []labelRow {
		var rows []labelRow
		for _, f := range files {
			rs, err := readLabels(filepath.Join(root, f))
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, rs...)
		}
		return rows
	}
	checker, _ := newChecker()
	for _, tc := range []struct {
		name            string
		files           []string
		minParse, maxFA float64
	}{
		{"held-out", []string{"heldout_labels.tsv"}, 0.95, 0.03},
		{"blind sets", []string{
			"fresh2_labels_g001_g150.tsv", "fresh2_labels_g151_g300.tsv",
			"fresh3_labels_k001_k150.tsv", "fresh3_labels_k151_k300.tsv",
			"fresh4_labels_m001_m150.tsv", "fresh4_labels_m151_m300.tsv",
		}, 0.94, 0.02},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := evalHeldout(t.Context(), checker, read(t, tc.files...))
			if r.scored == 0 {
				t.Fatal("no row scored")
			}
			if got := float64(r.allOK) / float64(r.scored); got < tc.minParse {
				t.Errorf("parse fully correct %d / %d = %.3f, below %.2f; first rows:\n%s", r.allOK, r.scored, got, tc.minParse,
					strings.Join(r.parseLines[:min(5, len(r.parseLines))], "\n"))
			}
			if got := float64(r.faFamily) / float64(r.scored); got > tc.maxFA {
				t.Errorf("false alarms %d / %d = %.3f, above %.2f; first rows:\n%s", r.faFamily, r.scored, got, tc.maxFA,
					strings.Join(r.faLines[:min(5, len(r.faLines))], "\n"))
			}
		})
	}
}
