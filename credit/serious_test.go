package credit_test

import (
	"testing"

	"namescope/apperr"
	"namescope/credit"
)

// The serious-violation list: candidates, the prior notice with its
// statement period across working days, the decision after it, 3 years
// ending by themselves.
func TestSeriousList(t *testing.T) {
	e := newEnv(t, "2023-03-01", nil)
	old, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entC, Reason: "unreachable", Date: "2023-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set("2026-03-10")
	revoked := penalty("平市监处罚〔2026〕20号", credit.PenaltyItem{Kind: credit.PenLicenceRevocation})
	res, err := e.svc.RecordPenalty(bg, staff("执法稽查科"), revoked)
	if err != nil {
		t.Fatal(err)
	}
	fineOnly := penalty("平市监处罚〔2026〕21号", fine(300000))
	fineOnly.USCC = entB
	if _, err := e.svc.RecordPenalty(bg, staff(""), fineOnly); err != nil {
		t.Fatal(err)
	}
	t.Run("candidates", func(t *testing.T) {
		cs, err := e.svc.SeriousCandidates(bg)
		if err != nil || len(cs) != 2 {
			t.Fatalf("%+v %v", cs, err)
		}
		if cs[0].USCC != entC || cs[0].Criterion != credit.CriterionAbnormal3Years || cs[0].Since != "2026-03-01" || cs[0].Ref != old.ID ||
			cs[1].USCC != entA || cs[1].Criterion != credit.CriterionHeavierPenalty || cs[1].Ref != res.Event.ID {
			t.Fatalf("%+v", cs)
		}
	})
	n, err := e.svc.NoticeSerious(bg, staff("执法稽查科"), credit.SeriousNoticeInput{USCC: entA, Criterion: credit.CriterionHeavierPenalty,
		Ref: res.Event.ID, Facts: "经营超过保质期的食品，被吊销食品经营许可证"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the notice: 5 working days for statements", func(t *testing.T) {
		if n.StatementDue != "2026-03-17" || n.State != credit.NoticeNotified || n.Rights == "" || n.Basis == "" {
			t.Fatalf("%+v", n)
		}
		cs, _ := e.svc.SeriousCandidates(bg)
		if len(cs) != 1 || cs[0].USCC != entC {
			t.Fatalf("a noticed candidate is still listed: %+v", cs)
		}
	})
	t.Run("statements within the period only", func(t *testing.T) {
		got, err := e.svc.AddStatement(bg, staff(""), n.ID, credit.StatementInput{Text: "已全部整改", ReceivedOn: "2026-03-10"})
		if err != nil || len(got.Statements) != 1 {
			t.Fatalf("%+v %v", got, err)
		}
		e.clk.Set("2026-03-18")
		_, err = e.svc.AddStatement(bg, staff(""), n.ID, credit.StatementInput{Text: "补充", ReceivedOn: "2026-03-18"})
		wantCode(t, err, apperr.CodeConflict)
		e.clk.Set("2026-03-10")
	})
	yes, no := true, false
	t.Run("no decision before the period ends", func(t *testing.T) {
		e.clk.Set("2026-03-17")
		_, err := e.svc.DecideSerious(bg, staff("执法稽查科"), n.ID, credit.SeriousDecisionInput{List: &yes, Reasons: "列入"})
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("another department may not decide", func(t *testing.T) {
		e.clk.Set("2026-03-18")
		_, err := e.svc.DecideSerious(bg, staff("登记注册科"), n.ID, credit.SeriousDecisionInput{List: &yes, Reasons: "列入"})
		wantCode(t, err, apperr.CodeForbidden)
	})
	var listingID string
	t.Run("listed for 3 years", func(t *testing.T) {
		d, err := e.svc.DecideSerious(bg, staff("执法稽查科"), n.ID, credit.SeriousDecisionInput{List: &yes, Reasons: "陈述申辩理由不成立"})
		if err != nil || d.State != credit.NoticeListed || d.ListingID == "" {
			t.Fatalf("%+v %v", d, err)
		}
		listingID = d.ListingID
		f, _ := e.svc.File(bg, entA, false)
		if len(f.Lists.Serious) != 1 || f.Lists.Serious[0].Until != "2029-03-17" || f.Lists.Serious[0].RepairFrom != "2027-03-18" ||
			f.Lists.Serious[0].ListedBy != nil || f.Events[0].Kind != credit.KindSeriousListed || f.Events[0].PublicUntil != "2029-03-17" {
			t.Fatalf("file %+v", f)
		}
		p, _ := e.svc.Page(bg, credit.ListQuery{List: "serious", Page: 1, PageSize: 20})
		if p.Total != 1 || p.Items[0].Until != "2029-03-17" {
			t.Fatalf("page %+v", p)
		}
		_, err = e.svc.DecideSerious(bg, staff("执法稽查科"), n.ID, credit.SeriousDecisionInput{List: &no, Reasons: "x"})
		wantCode(t, err, apperr.CodeConflict)
		_, err = e.svc.NoticeSerious(bg, staff(""), credit.SeriousNoticeInput{USCC: entA, Criterion: credit.CriterionOther, Facts: "又一"})
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("the list ends by itself after 3 years", func(t *testing.T) {
		e.clk.Set("2029-03-17")
		if p, _ := e.svc.Page(bg, credit.ListQuery{List: "serious", Page: 1, PageSize: 20}); p.Total != 1 {
			t.Fatalf("on the last day %+v", p)
		}
		e.clk.Set("2029-03-18")
		if p, _ := e.svc.Page(bg, credit.ListQuery{List: "serious", Page: 1, PageSize: 20}); p.Total != 0 {
			t.Fatalf("the day after %+v", p)
		}
		for _, ev := range e.public(t, entA) {
			if ev.Kind == credit.KindSeriousListed {
				t.Fatalf("still public %+v", ev)
			}
		}
		_ = listingID
		e.clk.Set("2026-03-18")
	})
	t.Run("not listed: the candidate comes back", func(t *testing.T) {
		n2, err := e.svc.NoticeSerious(bg, staff(""), credit.SeriousNoticeInput{USCC: entC, Criterion: credit.CriterionAbnormal3Years, Ref: old.ID, Facts: "届满 3 年"})
		if err != nil {
			t.Fatal(err)
		}
		e.clk.Set("2026-03-26")
		d, err := e.svc.DecideSerious(bg, staff(""), n2.ID, credit.SeriousDecisionInput{List: &no, Reasons: "已恢复联系"})
		if err != nil || d.State != credit.NoticeNotListed {
			t.Fatalf("%+v %v", d, err)
		}
		cs, _ := e.svc.SeriousCandidates(bg)
		if len(cs) != 1 || cs[0].USCC != entC {
			t.Fatalf("%+v", cs)
		}
	})
	t.Run("bad notices write nothing", func(t *testing.T) {
		fresh, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entB, Reason: "unreachable", Date: "2026-03-26"})
		if err != nil {
			t.Fatal(err)
		}
		keys := e.storeKeys(t)
		for name, tc := range map[string]struct {
			in   credit.SeriousNoticeInput
			code apperr.Code
		}{
			"unknown criterion":              {credit.SeriousNoticeInput{USCC: entB, Criterion: "bad", Facts: "f"}, apperr.CodeInvalid},
			"no facts":                       {credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionOther}, apperr.CodeInvalid},
			"a listing short of 3 years":     {credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionAbnormal3Years, Ref: fresh.ID, Facts: "f"}, apperr.CodeConflict},
			"a penalty of another company":   {credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionHeavierPenalty, Ref: res.Event.ID, Facts: "f"}, apperr.CodeConflict},
			"an unknown penalty":             {credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionHeavierPenalty, Ref: "CE99999999", Facts: "f"}, apperr.CodeNotFound},
			"a criterion without its record": {credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionHeavierPenalty, Facts: "f"}, apperr.CodeInvalid},
		} {
			if _, err := e.svc.NoticeSerious(bg, staff(""), tc.in); apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused notices wrote something")
		}
	})
}
