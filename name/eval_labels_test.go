package name_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"namescope/dict"
)

// The labelled evaluation samples of issue 10 (testdata/eval, see GUIDE.md
// there). These tests only check the files' integrity; they read nothing
// outside testdata.

const evalDir = "testdata/eval"

var labelHeader = []string{"id", "name", "authority_code", "skipped", "verdict", "finding_codes",
	"region", "trade_name", "industry", "org_form", "note"}

// readTSV reads a tab-separated file with a header line into rows keyed by
// the header's column names, in file order.
func readTSV(t *testing.T, file string, wantHeader []string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(evalDir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var header []string
	var rows []map[string]string
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(sc.Text(), "\t")
		if header == nil {
			header = fields
			if wantHeader != nil && strings.Join(header, "\t") != strings.Join(wantHeader, "\t") {
				t.Fatalf("%s: header %q, want %q", file, header, wantHeader)
			}
			continue
		}
		if len(fields) != len(header) {
			t.Fatalf("%s:%d: %d fields, want %d", file, line, len(fields), len(header))
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = fields[i]
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// Severities of the codes a label may carry (GUIDE.md §4): the codes the
// rules emit today and the ones the guide defines for issue 10.
var labelCodeRank = map[string]int{
	// block
	"traditional_chars":             3,
	"letters_or_digits":             3,
	"invalid_chars":                 3,
	"dev_zone_alone":                3,
	"city_district_alone":           3,
	"region_outside_authority":      3,
	"no_trade_name":                 3,
	"trade_name_too_short":          3,
	"trade_name_is_region":          3,
	"trade_name_is_industry":        3,
	"restricted_word_in_trade_name": 3,
	"china_marker":                  3,
	"no_org_form":                   3,
	"branch_without_parent":         3,
	"public_institution_name":       3,
	"school_not_company":            3,
	"region_renamed":                3,
	"region_unbracketed":            3,
	"disguised_restricted_word":     3,
	// approval
	"no_region":            2,
	"province_region":      2,
	"restricted_prefix":    2,
	"restricted_financial": 2,
	"restricted_medical":   2,
	"restricted_education": 2,
	// warn
	"group_conditions":      1,
	"org_form_bare_company": 1,
	"well_known_mark":       1,
}

var verdictRank = map[string]int{"pass": 0, "warn": 1, "approval": 2, "block": 3}

func codeRank(c string) (int, bool) {
	if strings.HasPrefix(c, "lexicon_") && len(c) > len("lexicon_") {
		return 3, true // the lexicon's categories; an approval-severity word is labelled as its rule says
	}
	r, ok := labelCodeRank[c]
	return r, ok
}

// evalNormalize folds width and unifies brackets, as the labels' parts are
// written; dict.Normalize (which also maps traditional characters) is the
// fallback for names that need it.
func evalNormalize(s string) string {
	s = norm.NFKC.String(s)
	s = strings.NewReplacer("(", "（", ")", "）", " ", "", "\u3000", "").Replace(s)
	return s
}

// partsMatch checks GUIDE.md §3.1: the region at the head, or bracketed, or
// unbracketed in the middle, and the other three parts in order.
func partsMatch(normalized string, row map[string]string) bool {
	region, rest := row["region"], ""
	switch {
	case region == "":
		rest = normalized
	case strings.HasPrefix(normalized, region):
		rest = strings.TrimPrefix(normalized, region)
	case strings.Contains(normalized, "（"+region+"）"):
		rest = strings.Replace(normalized, "（"+region+"）", "", 1)
	case strings.Contains(normalized, region):
		rest = strings.Replace(normalized, region, "", 1)
	default:
		return false
	}
	return rest == row["trade_name"]+row["industry"]+row["org_form"]
}

var authorityRE = regexp.MustCompile(`^\d{6}$`)

// checkLabels checks one labels file against its sample file and returns
// the number of skipped rows.
func checkLabels(t *testing.T, labelsFile, sampleFile string, from, want int) int {
	t.Helper()
	sample := readTSV(t, sampleFile, nil)
	labels := readTSV(t, labelsFile, labelHeader)
	if len(labels) != want {
		t.Fatalf("%s: %d rows, want %d", labelsFile, len(labels), want)
	}
	if len(sample) < from+want {
		t.Fatalf("%s: %d rows, fewer than the %d labelled from row %d", sampleFile, len(sample), want, from+1)
	}
	seen := map[string]bool{}
	skipped := 0
	for i, l := range labels {
		id := l["id"]
		if seen[id] {
			t.Errorf("%s: id %s twice", labelsFile, id)
		}
		seen[id] = true
		// The labels cover the sample's rows in order, with the same names.
		if s := sample[from+i]; s["id"] != id || s["name"] != l["name"] {
			t.Errorf("%s row %d: %s %q, %s has %s %q", labelsFile, i+1, id, l["name"], sampleFile, s["id"], s["name"])
		}
		codes := []string{}
		if l["finding_codes"] != "" {
			codes = strings.Split(l["finding_codes"], ",")
		}
		worst := 0
		for _, c := range codes {
			r, ok := codeRank(c)
			if !ok {
				t.Errorf("%s %s: unknown finding code %q (GUIDE.md §4)", labelsFile, id, c)
			}
			worst = max(worst, r)
		}
		switch {
		case l["skipped"] == "no":
			v, ok := verdictRank[l["verdict"]]
			if !ok {
				t.Errorf("%s %s: verdict %q, want pass, warn, approval or block", labelsFile, id, l["verdict"])
			} else if v != worst {
				t.Errorf("%s %s: verdict %s but the most severe code of %v is rank %d", labelsFile, id, l["verdict"], codes, worst)
			}
			if !authorityRE.MatchString(l["authority_code"]) {
				t.Errorf("%s %s: authority_code %q, want six digits", labelsFile, id, l["authority_code"])
			}
		case strings.HasPrefix(l["skipped"], "yes: ") && len(l["skipped"]) > len("yes: "):
			skipped++
			if l["verdict"] != "" {
				t.Errorf("%s %s: skipped but verdict %q", labelsFile, id, l["verdict"])
			}
		default:
			t.Errorf("%s %s: skipped %q, want no or yes: <reason>", labelsFile, id, l["skipped"])
		}
		if l["verdict"] != "" && l["verdict"] != "pass" && l["note"] == "" {
			t.Errorf("%s %s: non-pass verdict without a note", labelsFile, id)
		}
		if !partsMatch(evalNormalize(l["name"]), l) && !partsMatch(dict.Normalize(l["name"]), l) {
			t.Errorf("%s %s: parts %q+%q+%q+%q do not make up %q (GUIDE.md §3.1)", labelsFile, id,
				l["region"], l["trade_name"], l["industry"], l["org_form"], l["name"])
		}
	}
	return skipped
}

func TestEvalSamples(t *testing.T) {
	held := readTSV(t, "heldout.tsv", nil)
	dev := readTSV(t, "dev.tsv", nil)
	if len(held) != 600 || len(dev) != 600 {
		t.Fatalf("heldout.tsv %d rows, dev.tsv %d rows, want 600 each", len(held), len(dev))
	}
	names := map[string]string{}
	for _, set := range [][]map[string]string{held, dev} {
		perSource := map[string]int{}
		for _, r := range set {
			perSource[r["source"]]++
			if prev, ok := names[evalNormalize(r["name"])]; ok {
				t.Errorf("%q drawn twice (%s and %s)", r["name"], prev, r["id"])
			}
			names[evalNormalize(r["name"])] = r["id"]
		}
		if perSource["names450k"] != 300 || perSource["records2018"] != 300 {
			t.Errorf("sources %v, want 300 names450k and 300 records2018", perSource)
		}
	}
	for _, r := range held {
		if r["source"] == "records2018" && !strings.HasPrefix(r["reg_date"], "2018") && !strings.HasPrefix(r["reg_date"], "2019") {
			t.Errorf("%s: records row registered %q, want 2018 or 2019", r["id"], r["reg_date"])
		}
	}
}

func TestHeldoutLabels(t *testing.T) {
	skipped := checkLabels(t, "heldout_labels.tsv", "heldout.tsv", 0, 600)
	t.Logf("600 held-out labels, %d skipped", skipped)
}

// TestFreshAndDevLabels: the untouched sets labelled blind after the held-out
// one (FROZEN.md) — fresh after the rules of ParserVersion 7, fresh2 before
// those of 9, fresh3 before those of 11, fresh4 before those of 14 — and the
// development labels.
func TestFreshAndDevLabels(t *testing.T) {
	for _, tc := range []struct {
		file, sample string
		from, len    int
	}{
		{"fresh_labels_f001_f150.tsv", "fresh.tsv", 0, 150},
		{"fresh_labels_f151_f300.tsv", "fresh.tsv", 150, 150},
		{"fresh2_labels_g001_g150.tsv", "fresh2.tsv", 0, 150},
		{"fresh2_labels_g151_g300.tsv", "fresh2.tsv", 150, 150},
		{"fresh3_labels_k001_k150.tsv", "fresh3.tsv", 0, 150},
		{"fresh3_labels_k151_k300.tsv", "fresh3.tsv", 150, 150},
		{"fresh4_labels_m001_m150.tsv", "fresh4.tsv", 0, 150},
		{"fresh4_labels_m151_m300.tsv", "fresh4.tsv", 150, 150},
		{"dev_labels.tsv", "dev.tsv", 0, 100},
		{"dev_labels_d101_d300.tsv", "dev.tsv", 100, 200},
		{"dev_labels_d301_d500.tsv", "dev.tsv", 300, 200},
		{"dev_labels_d501_d600.tsv", "dev.tsv", 500, 100},
	} {
		t.Run(tc.file, func(t *testing.T) { checkLabels(t, tc.file, tc.sample, tc.from, tc.len) })
	}
}

// TestHeldoutLabelsFrozen fails when heldout_labels.tsv changes without
// FROZEN.md recording the change (and the new sha256).
func TestHeldoutLabelsFrozen(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(evalDir, "heldout_labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	frozen, err := os.ReadFile(filepath.Join(evalDir, "FROZEN.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^sha256 heldout_labels\.tsv: ([0-9a-f]{64})\s*$`).FindSubmatch(frozen)
	if m == nil {
		t.Fatal("FROZEN.md has no line \"sha256 heldout_labels.tsv: <hex>\"")
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Fatalf("heldout_labels.tsv has sha256 %s, FROZEN.md records %s: the frozen labels were edited — "+
			"only a labelling error against GUIDE.md may be fixed, listed in FROZEN.md with its reason and the new sha256", got, m[1])
	}
}
