package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"namescope/registry"
)

// readMarksCSV reads trademarks from CSV with the header
// reg_no,mark,classes,holder,well_known (classes separated by ; or ,
// inside the field; well_known true/false or 是/否).
func readMarksCSV(r io.Reader) ([]registry.MarkInput, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read CSV: %w", err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("empty CSV")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"reg_no", "mark", "classes"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("CSV header lacks %s", need)
		}
	}
	get := func(row []string, c string) string {
		if i, ok := col[c]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []registry.MarkInput
	for n, row := range rows[1:] {
		m := registry.MarkInput{RegNo: get(row, "reg_no"), Mark: get(row, "mark"), Holder: get(row, "holder")}
		for _, c := range strings.FieldsFunc(get(row, "classes"), func(r rune) bool { return r == ';' || r == ',' || r == '；' }) {
			v, err := strconv.Atoi(strings.TrimSpace(c))
			if err != nil {
				return nil, fmt.Errorf("line %d: class %q is not a number", n+2, c)
			}
			m.Classes = append(m.Classes, v)
		}
		switch strings.ToLower(get(row, "well_known")) {
		case "true", "1", "yes", "是", "y":
			m.WellKnown = true
		}
		out = append(out, m)
	}
	return out, nil
}
