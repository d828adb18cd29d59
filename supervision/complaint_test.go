package supervision_test

import (
	"testing"

	"namescope/apperr"
	"namescope/credit"
	"namescope/supervision"
)

// complaints are the credit events of kind complaint of an enterprise.
func (e *env) complaints(t *testing.T, u string) []credit.Event {
	t.Helper()
	var out []credit.Event
	for _, ev := range e.events(t, u) {
		if ev.Kind == credit.KindComplaint {
			out = append(out, ev)
		}
	}
	return out
}

// A recorded basis reaches the credit file as a complaint event (经核实的
// 投诉举报, not published) only when it is a complaint and verified, in the
// transaction that records it; any other basis, or a complaint not yet
// verified, writes no credit event, and a verification of another kind of
// basis is refused with nothing written.
func TestBasisComplaintEvent(t *testing.T) {
	verified := &supervision.VerificationInput{VerifiedOn: "2026-07-05", Finding: "经现场核查，网店首页确未公示营业执照信息"}
	tests := []struct {
		name   string
		in     supervision.BasisInput
		code   apperr.Code // "" when recorded
		events int         // complaint events written
	}{
		{"a verified complaint", supervision.BasisInput{Kind: supervision.BasisComplaint, Ref: "12315-1", Summary: "投诉未公示营业执照", ReceivedOn: "2026-07-01", Verification: verified}, "", 1},
		{"a complaint not yet verified", supervision.BasisInput{Kind: supervision.BasisComplaint, Ref: "12315-2", Summary: "投诉", ReceivedOn: "2026-07-01"}, "", 0},
		{"a big-data clue", supervision.BasisInput{Kind: supervision.BasisClue, Ref: "DS-1", Summary: "线索", ReceivedOn: "2026-07-01"}, "", 0},
		{"a referral", supervision.BasisInput{Kind: supervision.BasisReferral, Ref: "转-1", Summary: "转办", ReceivedOn: "2026-07-01"}, "", 0},
		{"an assigned task", supervision.BasisInput{Kind: supervision.BasisTask, Ref: "T-1", Summary: "任务", ReceivedOn: "2026-07-01"}, "", 0},
		{"a clue cannot be verified", supervision.BasisInput{Kind: supervision.BasisClue, Ref: "DS-2", Summary: "线索", ReceivedOn: "2026-07-01", Verification: verified}, apperr.CodeInvalid, 0},
		{"verified before it was received", supervision.BasisInput{Kind: supervision.BasisComplaint, Ref: "12315-3", Summary: "投诉", ReceivedOn: "2026-07-06", Verification: verified}, apperr.CodeInvalid, 0},
		{"verified in the future", supervision.BasisInput{Kind: supervision.BasisComplaint, Ref: "12315-4", Summary: "投诉", ReceivedOn: "2026-07-01",
			Verification: &supervision.VerificationInput{VerifiedOn: "2026-07-11", Finding: "属实"}}, apperr.CodeInvalid, 0},
		{"verified without a finding", supervision.BasisInput{Kind: supervision.BasisComplaint, Ref: "12315-5", Summary: "投诉", ReceivedOn: "2026-07-01",
			Verification: &supervision.VerificationInput{VerifiedOn: "2026-07-05"}}, apperr.CodeInvalid, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-07-10", nil)
			tc.in.USCC = entSmall
			before := e.count(t)
			b, err := e.sup.AddBasis(bg, zhang1, tc.in)
			if tc.code != "" {
				if code(err) != tc.code || !han.MatchString(apperr.MessageOf(err)) || e.count(t) != before {
					t.Fatalf("%v, want %s in Chinese and nothing written", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			evs := e.complaints(t, entSmall)
			if len(evs) != tc.events {
				t.Fatalf("%d complaint events, want %d", len(evs), tc.events)
			}
			if tc.events == 0 {
				if b.Verification != nil || len(e.events(t, entSmall)) != 0 {
					t.Fatalf("basis %+v, events %v", b, e.events(t, entSmall))
				}
				return
			}
			ev := evs[0]
			if ev.Public || ev.Date != "2026-07-05" || ev.Ref != b.ID || ev.Dept != zhang1.Dept || ev.Actor.Holder != "张三" ||
				b.Verification == nil || b.Verification.EventID != ev.ID || b.Verification.Finding != verified.Finding {
				t.Fatalf("event %+v, basis %+v", ev, b)
			}
			// The stored basis carries its verification.
			got, err := e.sup.Bases(bg, entSmall)
			if err != nil || len(got) != 1 || got[0].Verification == nil || got[0].Verification.EventID != ev.ID {
				t.Fatalf("stored %+v %v", got, err)
			}
		})
	}
}

// A complaint recorded unverified is verified later, once, with its credit
// event in the same transaction; other bases, unknown ids, bad dates and
// admin keys are refused with nothing written.
func TestVerifyComplaint(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	complaint, err := e.sup.AddBasis(bg, zhang1, supervision.BasisInput{USCC: entSmall, Kind: supervision.BasisComplaint, Ref: "12315-9",
		Summary: "投诉虚假宣传", ReceivedOn: "2026-07-02"})
	if err != nil {
		t.Fatal(err)
	}
	referral, err := e.sup.AddBasis(bg, zhang1, supervision.BasisInput{USCC: entSmall, Kind: supervision.BasisReferral, Ref: "转-9",
		Summary: "转办", ReceivedOn: "2026-07-02"})
	if err != nil {
		t.Fatal(err)
	}
	ok := supervision.VerificationInput{VerifiedOn: "2026-07-08", Finding: "经核查，宣传内容与实际不符"}
	refusals := []struct {
		name string
		by   func() (string, supervision.VerificationInput)
		code apperr.Code
		as   string
	}{
		{"another kind of basis", func() (string, supervision.VerificationInput) { return referral.ID, ok }, apperr.CodeConflict, "staff"},
		{"unknown basis", func() (string, supervision.VerificationInput) { return "SB99999999", ok }, apperr.CodeNotFound, "staff"},
		{"before it was received", func() (string, supervision.VerificationInput) {
			return complaint.ID, supervision.VerificationInput{VerifiedOn: "2026-07-01", Finding: "属实"}
		}, apperr.CodeInvalid, "staff"},
		{"not a date", func() (string, supervision.VerificationInput) {
			return complaint.ID, supervision.VerificationInput{VerifiedOn: "7月8日", Finding: "属实"}
		}, apperr.CodeInvalid, "staff"},
		{"by an admin key", func() (string, supervision.VerificationInput) { return complaint.ID, ok }, apperr.CodeForbidden, "admin"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := e.count(t)
			by := zhang1
			if tc.as == "admin" {
				by = admin
			}
			id, in := tc.by()
			_, err := e.sup.VerifyComplaint(bg, by, id, in)
			if code(err) != tc.code || !han.MatchString(apperr.MessageOf(err)) || e.count(t) != before {
				t.Fatalf("%v, want %s in Chinese and nothing written", err, tc.code)
			}
		})
	}
	t.Run("verified", func(t *testing.T) {
		b, err := e.sup.VerifyComplaint(bg, li, complaint.ID, ok)
		if err != nil {
			t.Fatal(err)
		}
		evs := e.complaints(t, entSmall)
		if len(evs) != 1 || b.Verification == nil || b.Verification.EventID != evs[0].ID || evs[0].Date != "2026-07-08" ||
			evs[0].Ref != complaint.ID || b.Verification.By.Holder != "李四" || evs[0].Public {
			t.Fatalf("basis %+v, events %+v", b, evs)
		}
	})
	t.Run("verified once", func(t *testing.T) {
		before := e.count(t)
		if _, err := e.sup.VerifyComplaint(bg, zhang1, complaint.ID, ok); code(err) != apperr.CodeConflict || e.count(t) != before {
			t.Fatalf("second verification: %v", err)
		}
	})
}
