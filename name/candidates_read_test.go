package name_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"namescope/name"
)

func TestCandidatesRead(t *testing.T) {
	checker := &name.Checker{Registry: scanRegistry(fixture()), Now: func() time.Time { return today }}
	tests := []struct {
		name string
		req  name.Request
		want name.CandidatesRead
	}{
		{"compared: every name of the scope and every mark",
			name.Request{Name: "平顶山市星河科技有限公司", AuthorityCode: "410400", IndustryCode: "I65"},
			name.CandidatesRead{Compared: true, Names: len(fixture()), Marks: len(fixtureMarks)}},
		{"another scope has no names, the marks are national",
			name.Request{Name: "郑州市星河科技有限公司", AuthorityCode: "410100", IndustryCode: "I65"},
			name.CandidatesRead{Compared: true, Names: 0, Marks: len(fixtureMarks)}},
		{"a one-character 字号 is not compared",
			name.Request{Name: "平顶山市星科技有限公司", AuthorityCode: "410400", IndustryCode: "I65"},
			name.CandidatesRead{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := checker.Check(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.CandidatesRead(); got != tt.want {
				t.Errorf("CandidatesRead() = %+v, want %+v", got, tt.want)
			}
			// The count is not part of the answer.
			b, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"Compared", "compared", "candidates"} {
				if strings.Contains(string(b), `"`+k+`"`) {
					t.Errorf("the JSON answer has %q: %s", k, b)
				}
			}
		})
	}
}
