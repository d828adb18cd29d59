package registry_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/index"
	"namescope/registry"
	"namescope/store"
)

// rejectedLine reads the line number of an import report's error.
var rejectedLine = regexp.MustCompile(`^第 (\d+) 行`)

// csvRow is a record of the file as Import reads it, numbered as Import
// numbers lines (the header is line 1, each record one more).
type csvRow struct {
	line      int
	name      string // trimmed
	uscc      string // trimmed, upper case
	readError bool
}

// readCSV reads the file the way Import does: the header's columns (a BOM
// and spaces trimmed, unified_social_credit_code meaning uscc, the last of
// repeated columns winning) and every record. ok is false when Import must
// refuse the file as a whole (no header, no name column).
func readCSV(data []byte) (rows []csvRow, ok bool) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, false
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "unified_social_credit_code" {
			h = "uscc"
		}
		col[h] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, false
	}
	get := func(row []string, c string) string {
		if i, ok := col[c]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, true
		}
		if err != nil {
			rows = append(rows, csvRow{line: line, readError: true})
			continue
		}
		rows = append(rows, csvRow{line: line, name: get(row, "name"), uscc: strings.ToUpper(get(row, "uscc"))})
	}
}

// stored returns every enterprise record of the store.
func stored(t *testing.T, db *store.DB) []registry.Enterprise {
	t.Helper()
	var out []registry.Enterprise
	err := db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixEnterprise, "", false, func(_ string, v []byte) (bool, error) {
			var e registry.Enterprise
			if err := json.Unmarshal(v, &e); err != nil {
				return false, err
			}
			out = append(out, e)
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzImport imports any CSV file into a new in-memory store and index and
// checks what was written against the file: Import never panics nor fails
// with an internal error; it accounts for every record (imported +
// rejected); and the store holds exactly the rows it did not reject: one
// record per accepted row without a USCC, one per USCC for the others (a
// repeated USCC replaces the record), never a rejected row. The seed
// corpus is testdata/fuzz/FuzzImport.
func FuzzImport(f *testing.F) {
	f.Add([]byte("name,industry_code\n平顶山市星河科技有限公司,I65\n"), "410400", false)
	f.Fuzz(func(t *testing.T, data []byte, authority string, industryFromName bool) {
		db, err := store.Open("")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		names, _, err := index.OpenNames("")
		if err != nil {
			t.Fatal(err)
		}
		defer names.Close()
		marks, _, err := index.OpenNames("")
		if err != nil {
			t.Fatal(err)
		}
		defer marks.Close()
		reg := registry.New(db, names, marks)

		rep, err := reg.Import(context.Background(), bytes.NewReader(data), registry.ImportOptions{
			AuthorityCode: authority, IndustryFromName: industryFromName, Actor: "fuzz", BatchSize: 3,
		})
		got := stored(t, db)
		rows, ok := readCSV(data)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.CodeInvalid {
				t.Fatalf("Import failed with a non-client error: %v", err)
			}
			if ok || len(got) > 0 {
				t.Fatalf("Import refused a readable file (%v) or wrote %d records while refusing it", err, len(got))
			}
			return
		}
		if !ok {
			t.Fatalf("Import accepted a file without a header or name column: %+v", rep)
		}
		if rep.Imported+rep.Rejected != len(rows) {
			t.Fatalf("imported %d + rejected %d != %d records", rep.Imported, rep.Rejected, len(rows))
		}
		if len(got) > rep.Imported {
			t.Fatalf("%d records stored, %d imported", len(got), rep.Imported)
		}
		if rep.Rejected > len(rep.Errors) {
			return // the report lists only the first rejections: the rows it left out are unknown
		}
		rejected := map[int]bool{}
		for _, e := range rep.Errors {
			m := rejectedLine.FindStringSubmatch(e)
			if m == nil {
				t.Fatalf("report error %q names no line", e)
			}
			n, _ := strconv.Atoi(m[1])
			rejected[n] = true
		}
		byUSCC := map[string]string{} // accepted USCC → the name of its last row
		var noUSCC []string           // names of accepted rows without a USCC
		for _, r := range rows {
			if r.readError && !rejected[r.line] {
				t.Errorf("line %d is not valid CSV but was not rejected", r.line)
			}
			switch {
			case rejected[r.line]:
			case r.uscc != "":
				byUSCC[r.uscc] = r.name
			default:
				noUSCC = append(noUSCC, r.name)
			}
		}
		var gotNoUSCC []string
		for _, e := range got {
			if e.USCC == "" {
				gotNoUSCC = append(gotNoUSCC, e.Name)
				continue
			}
			want, ok := byUSCC[e.USCC]
			if !ok {
				t.Errorf("stored %s %q, which no accepted row has (a rejected row written?)", e.USCC, e.Name)
			} else if e.Name != want {
				t.Errorf("stored %s as %q, want the last accepted row's %q", e.USCC, e.Name, want)
			}
			delete(byUSCC, e.USCC)
		}
		for uscc, nm := range byUSCC {
			t.Errorf("accepted row %s %q not stored", uscc, nm)
		}
		slices.Sort(noUSCC)
		slices.Sort(gotNoUSCC)
		if !slices.Equal(noUSCC, gotNoUSCC) {
			t.Errorf("records without USCC: stored %q, want the accepted rows %q", gotNoUSCC, noUSCC)
		}
	})
}
