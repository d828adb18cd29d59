package credit_test

import (
	"testing"

	"namescope/apperr"
	"namescope/credit"
)

// Objections to a listing: within 60 days of it, one open at a time,
// accepted within 5 and answered within 20 working days; upheld removes
// the listing, dismissed keeps it; decided once, by the listing department.
func TestObjections(t *testing.T) {
	e := newEnv(t, "2026-04-20", nil)
	l, err := e.svc.List(bg, staff("信用监管科"), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-04-20"})
	if err != nil {
		t.Fatal(err)
	}
	in := credit.ObjectionInput{Applicant: "平顶山市星河科技有限公司", Contact: "0375-1234567", Statement: "住所可以联系，附租赁合同"}
	public := credit.ActorOf("public")

	// Filed on Thursday 2026-04-30: May 1–5 off, Saturday May 9 worked.
	e.clk.Set("2026-04-30")
	o, err := e.svc.Object(bg, public, l.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if o.State != credit.ObjectionFiled || o.AcceptDue != "2026-05-11" || o.ReplyDue != "2026-06-01" || o.FiledOn != "2026-04-30" {
		t.Fatalf("objection %+v", o)
	}
	t.Run("one open objection at a time", func(t *testing.T) {
		_, err := e.svc.Object(bg, public, l.ID, in)
		wantCode(t, err, apperr.CodeConflict)
	})
	yes, no := true, false
	t.Run("another department may not decide", func(t *testing.T) {
		_, err := e.svc.DecideObjection(bg, staff("登记注册科"), o.ID, credit.ObjectionDecision{Upheld: &yes, Reply: "成立"})
		wantCode(t, err, apperr.CodeForbidden)
	})
	t.Run("dismissed: the listing stands", func(t *testing.T) {
		d, err := e.svc.DecideObjection(bg, staff("信用监管科"), o.ID, credit.ObjectionDecision{Upheld: &no, Reply: "经实地核查仍无法联系，异议不成立"})
		if err != nil || d.State != credit.ObjectionDismissed || d.DecidedBy == nil {
			t.Fatalf("%+v %v", d, err)
		}
		if got, _ := e.svc.LatestListing(bg, entA, credit.GroundUnreachable); !got.Current() {
			t.Fatal("a dismissed objection removed the listing")
		}
		_, err = e.svc.DecideObjection(bg, staff("信用监管科"), o.ID, credit.ObjectionDecision{Upheld: &yes, Reply: "x"})
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("upheld: the listing is removed", func(t *testing.T) {
		o2, err := e.svc.Object(bg, public, l.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		d, err := e.svc.DecideObjection(bg, staff(""), o2.ID, credit.ObjectionDecision{Upheld: &yes, Reply: "已取得联系，异议成立"})
		if err != nil || d.State != credit.ObjectionUpheld {
			t.Fatalf("%+v %v", d, err)
		}
		got, _ := e.svc.LatestListing(bg, entA, credit.GroundUnreachable)
		if got.Current() || got.RemovalReason != "异议成立：已取得联系，异议成立" {
			t.Fatalf("listing %+v", got)
		}
		f, _ := e.svc.File(bg, entA, true)
		if len(f.Objections) != 2 || f.Events[0].Kind != credit.KindAbnormalRemoved {
			t.Fatalf("file %+v", f)
		}
		_, err = e.svc.Object(bg, public, l.ID, in)
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("the 60 days", func(t *testing.T) {
		e.clk.Set("2026-06-19")
		l2, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entB, Reason: "false_info", Date: "2026-04-20"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Object(bg, public, l2.ID, in); err != nil { // day 60
			t.Fatal(err)
		}
		l3, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entC, Reason: "false_info", Date: "2026-04-19"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Object(bg, public, l3.ID, in) // day 61
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("bad input writes nothing", func(t *testing.T) {
		keys := e.storeKeys(t)
		for name, err := range map[string]error{
			"no statement": func() error {
				_, err := e.svc.Object(bg, public, l.ID, credit.ObjectionInput{Applicant: "a", Contact: "c"})
				return err
			}(),
			"unknown listing": func() error { _, err := e.svc.Object(bg, public, "AB99999999", in); return err }(),
			"no decision": func() error {
				_, err := e.svc.DecideObjection(bg, staff(""), o.ID, credit.ObjectionDecision{Reply: "r"})
				return err
			}(),
			"unknown objection": func() error {
				_, err := e.svc.DecideObjection(bg, staff(""), "OB99999999", credit.ObjectionDecision{Upheld: &yes, Reply: "r"})
				return err
			}(),
		} {
			if c := apperr.CodeOf(err); c != apperr.CodeInvalid && c != apperr.CodeNotFound {
				t.Errorf("%s: %v", name, err)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused requests wrote something")
		}
	})
}
