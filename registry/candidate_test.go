package registry

import (
	"reflect"
	"testing"
)

func TestCandidateRoundTrip(t *testing.T) {
	e := &Enterprise{ID: "91410400MA44XH001U", Name: "平顶山市星河科技有限公司", Normalized: "平顶山市星河科技有限公司",
		USCC: "91410400MA44XH001U", Status: "reserved", StatusDate: "2026-11-07", ReservedUntil: "2027-01-07",
		Scope: "410400", IndustryCode: "I65", TradeName: "星河", NameIndustry: "I65", IndustryExpr: "科技",
		IndustryGroup: "tech", Protected: true, Investors: []string{"张三", "平顶山市某公司"}}
	got, ok := decodeCandidate([]byte(encodeCandidate(e)))
	if !ok {
		t.Fatal("decode failed")
	}
	if want := e.existing(); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if _, ok := decodeCandidate([]byte("2\x1fx")); ok {
		t.Error("foreign layout decoded")
	}
}
