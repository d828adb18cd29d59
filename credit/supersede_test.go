package credit_test

import (
	"testing"

	"namescope/apperr"
	"namescope/credit"
)

// Corrections (Art 12) and withdrawals (Art 11) are new events that
// supersede the old one: it leaves public view, staff see who superseded
// it, and nothing is changed in place.
func TestSupersession(t *testing.T) {
	e := newEnv(t, "2025-09-30", nil)
	in := penalty("平市监处罚〔2025〕88号", fine(200000))
	in.DecidedOn = "2025-09-15"
	res, err := e.svc.RecordPenalty(bg, staff("执法稽查科"), in)
	if err != nil {
		t.Fatal(err)
	}
	orig := res.Event

	t.Run("a correction replaces the public text", func(t *testing.T) {
		c, err := e.svc.Supersede(bg, staff("执法稽查科"), orig.ID, credit.KindCorrection,
			credit.SupersedeInput{Reason: "罚款金额录入有误", Date: "2025-09-30", Summary: "罚款 20000 元"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Supersedes != orig.ID || c.Date != orig.Date || c.PublicUntil != orig.PublicUntil || c.Basis != orig.Basis {
			t.Fatalf("correction %+v", c)
		}
		pub := e.public(t, entA)
		if len(pub) != 1 || pub[0].ID != c.ID || pub[0].Summary != "罚款 20000 元" || pub[0].Kind != credit.KindCorrection {
			t.Fatalf("public view after the correction %+v", pub)
		}
		all := e.events(t, entA)
		if len(all) != 2 || all[1].ID != orig.ID || all[1].SupersededBy != c.ID || all[1].Summary != orig.Summary {
			t.Fatalf("staff view after the correction %+v", all)
		}
	})
	t.Run("a superseded event is not superseded again", func(t *testing.T) {
		_, err := e.svc.Supersede(bg, staff(""), orig.ID, credit.KindWithdrawal, credit.SupersedeInput{Reason: "撤销", Date: "2025-09-30"})
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("another department may not correct what a department recorded", func(t *testing.T) {
		corr := e.events(t, entA)[0].ID
		_, err := e.svc.Supersede(bg, staff("登记注册科"), corr, credit.KindWithdrawal, credit.SupersedeInput{Reason: "撤销", Date: "2025-09-30"})
		wantCode(t, err, apperr.CodeForbidden)
	})
	t.Run("a withdrawal within 3 working days, across the National Day holiday", func(t *testing.T) {
		corr := e.events(t, entA)[0].ID
		w, err := e.svc.Supersede(bg, staff(""), corr, credit.KindWithdrawal,
			credit.SupersedeInput{Reason: "行政处罚决定经行政复议被撤销", Date: "2025-09-30"})
		if err != nil {
			t.Fatal(err)
		}
		// Oct 1–8 off, Oct 9 and 10 worked, Saturday Oct 11 worked instead.
		if w.Details["withdraw_due"] != "2025-10-11" {
			t.Errorf("withdraw_due %s, want 2025-10-11", w.Details["withdraw_due"])
		}
		pub := e.public(t, entA)
		if len(pub) != 1 || pub[0].Kind != credit.KindWithdrawal || pub[0].Supersedes != corr {
			t.Fatalf("public view after the withdrawal %+v", pub)
		}
		_, err = e.svc.Supersede(bg, staff(""), w.ID, credit.KindCorrection, credit.SupersedeInput{Reason: "x", Date: "2025-09-30", Summary: "y"})
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("registry facts and list decisions are not superseded", func(t *testing.T) {
		l, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2025-09-30"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Supersede(bg, staff(""), l.EventID, credit.KindWithdrawal, credit.SupersedeInput{Reason: "r", Date: "2025-09-30"})
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("bad input", func(t *testing.T) {
		keys := e.storeKeys(t)
		for name, tc := range map[string]struct {
			id   string
			kind credit.Kind
			in   credit.SupersedeInput
			code apperr.Code
		}{
			"unknown event":             {"CE99999999", credit.KindCorrection, credit.SupersedeInput{Reason: "r", Date: "2025-09-30", Summary: "s"}, apperr.CodeNotFound},
			"no reason":                 {orig.ID, credit.KindCorrection, credit.SupersedeInput{Date: "2025-09-30", Summary: "s"}, apperr.CodeInvalid},
			"a correction without text": {orig.ID, credit.KindCorrection, credit.SupersedeInput{Reason: "r", Date: "2025-09-30"}, apperr.CodeInvalid},
			"a date in the future":      {orig.ID, credit.KindWithdrawal, credit.SupersedeInput{Reason: "r", Date: "2025-10-01"}, apperr.CodeInvalid},
			"another kind":              {orig.ID, credit.KindPenalty, credit.SupersedeInput{Reason: "r", Date: "2025-09-30"}, apperr.CodeInvalid},
		} {
			_, err := e.svc.Supersede(bg, staff(""), tc.id, tc.kind, tc.in)
			if apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused requests wrote something")
		}
	})
}
