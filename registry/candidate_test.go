package registry

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"namescope/dict"
	"namescope/name"
)

func TestCandidateRoundTrip(t *testing.T) {
	e := &Enterprise{ID: "91410400MA44XH001U", Name: "平顶山市星河科技有限公司", Normalized: "平顶山市星河科技有限公司",
		USCC: "91410400MA44XH001U", Status: "reserved", StatusDate: "2026-11-07", ReservedUntil: "2027-01-07",
		Scope: "410400", IndustryCode: "I65", TradeName: "星河", NameIndustry: "I65", IndustryExpr: "科技",
		IndustryGroup: "tech", Protected: true, Investors: []string{"张三", "平顶山市某公司"}}
	got, ok := decodeCandidate(encodeCandidate(e))
	if !ok {
		t.Fatal("decode failed")
	}
	if want := e.existing(); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if _, ok := decodeCandidate("2\x1fx"); ok {
		t.Error("foreign layout decoded")
	}
}

// splitDecode is how decodeCandidate read a record before it scanned the
// fields in place: it must still agree with it on every input.
func splitDecode(s string) (name.Existing, bool) {
	f := strings.Split(s, fieldSep)
	if len(f) != 17 || f[0] != candVer {
		return name.Existing{}, false
	}
	x := name.Existing{
		ID: f[1], Name: f[2], Normalized: f[3], USCC: f[4], Status: f[5], Scope: f[8],
		TradeName: f[10], IndustryExpr: f[11] != "", IndustryText: f[12], IndustryGroup: f[13], Protected: f[14] == "1", Masked: f[16] == "1",
	}
	x.StatusDate, _ = time.Parse("2006-01-02", f[6])
	x.ReservedUntil, _ = time.Parse("2006-01-02", f[7])
	x.Industry, _ = dict.ParseIndustryCode(f[9])
	if f[15] != "" {
		x.Investors = strings.Split(f[15], listSep)
	}
	return x, true
}

func TestDecodeCandidateAgreesWithSplit(t *testing.T) {
	full := encodeCandidate(&Enterprise{ID: "N1", Name: "平顶山市星河科技有限公司", Normalized: "平顶山市星河科技有限公司",
		Status: "cancelled", StatusDate: "2026-02-30", ReservedUntil: "2027-01-07", Scope: "410400", IndustryCode: "I65",
		TradeName: "星河", NameIndustry: "I65", IndustryExpr: "科技", Investors: []string{"甲", "乙"}, Masked: true})
	fields := strings.Split(full, fieldSep)
	inputs := []string{"", fieldSep, candVer, full, full + fieldSep, full + fieldSep + "x", "1" + full[1:],
		strings.Join(fields[:16], fieldSep), strings.Repeat(fieldSep, 16), candVer + strings.Repeat(fieldSep, 16)}
	for i := range fields {
		// Each field empty in turn.
		f := slices.Clone(fields)
		f[i] = ""
		inputs = append(inputs, strings.Join(f, fieldSep))
	}
	for _, in := range inputs {
		got, gotOK := decodeCandidate(in)
		want, wantOK := splitDecode(in)
		if gotOK != wantOK || !reflect.DeepEqual(got, want) {
			t.Errorf("decode %q:\n got %v %+v\nwant %v %+v", in, gotOK, got, wantOK, want)
		}
	}
}
