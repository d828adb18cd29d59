package credit_test

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/config"
	"namescope/credit"
)

// The announcement of a red-list proposal runs for
// credit.red_announcement_working_days working days of the holiday
// calendar: its last day across weekends, 春节 and 劳动节 (with their
// make-up working Saturdays), and with another configured length.
func TestRedAnnouncementPeriod(t *testing.T) {
	tests := []struct {
		name     string
		proposed string
		days     int
		want     string
	}{
		{"an ordinary fortnight", "2026-07-10", 7, "2026-07-21"},
		{"across 劳动节 and its working Saturday", "2026-04-28", 7, "2026-05-11"},
		{"across 春节 and both working Saturdays", "2026-02-12", 7, "2026-02-28"},
		{"five configured days across 国庆节", "2026-09-29", 5, "2026-10-12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.proposed, func(c *config.Config) { c.Credit.RedAnnouncementWorkingDays = tc.days })
			r, err := e.svc.ProposeRed(bg, staff("信用监管科"), credit.RedProposal{USCC: entA, Grounds: "连续三年年报按时公示"})
			if err != nil {
				t.Fatal(err)
			}
			if r.ProposedOn != tc.proposed || r.AnnounceUntil != tc.want || r.State != credit.RedAnnounced {
				t.Fatalf("announced %s–%s (%s), want until %s", r.ProposedOn, r.AnnounceUntil, r.State, tc.want)
			}
			// The last day still takes objections, the next one does not.
			e.clk.Set(tc.want)
			if _, err := e.svc.ObjectRed(bg, credit.System, r.ID, credit.RedObjectionInput{Applicant: "李四", Contact: "138", Statement: "不实"}); err != nil {
				t.Fatalf("objection on the last day: %v", err)
			}
			e.clk.Set(mustDate(t, tc.want).AddDate(0, 0, 1).Format("2006-01-02"))
			_, err = e.svc.ObjectRed(bg, credit.System, r.ID, credit.RedObjectionInput{Applicant: "李四", Contact: "138", Statement: "不实"})
			wantCode(t, err, apperr.CodeConflict)
		})
	}
}

// Proposals that cannot be made are refused in Chinese and write nothing.
func TestRedProposalRefused(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	if _, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entB, Reason: "unreachable", Date: "2026-07-01"}); err != nil {
		t.Fatal(err)
	}
	pub := penalty("平市监处罚〔2026〕40号", fine(300000))
	pub.USCC = entC
	if _, err := e.svc.RecordPenalty(bg, staff(""), pub); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ProposeRed(bg, staff("信用监管科"), credit.RedProposal{USCC: entA, Grounds: "守合同重信用"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   credit.RedProposal
		code apperr.Code
	}{
		{"malformed USCC", credit.RedProposal{USCC: "91410400MA44CR00", Grounds: "守信"}, apperr.CodeInvalid},
		{"no grounds", credit.RedProposal{USCC: entA, Grounds: "  "}, apperr.CodeInvalid},
		{"grounds too long", credit.RedProposal{USCC: entA, Grounds: strings.Repeat("守", 2001)}, apperr.CodeInvalid},
		{"unknown enterprise", credit.RedProposal{USCC: entX, Grounds: "守信"}, apperr.CodeNotFound},
		{"on the abnormal list", credit.RedProposal{USCC: entB, Grounds: "守信"}, apperr.CodeConflict},
		{"a penalty in public view", credit.RedProposal{USCC: entC, Grounds: "守信"}, apperr.CodeConflict},
		{"already proposed", credit.RedProposal{USCC: entA, Grounds: "守信"}, apperr.CodeConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := e.storeKeys(t)
			_, err := e.svc.ProposeRed(bg, staff("信用监管科"), tc.in)
			wantCode(t, err, tc.code)
			if after := e.storeKeys(t); after != before {
				t.Fatalf("a refused proposal wrote %d keys", after-before)
			}
		})
	}
}

// A proposal through its announcement: objections recorded and decided by
// the proposing department, the decision after the period only, the
// inclusion numbered and an event of the file, the red list, its end.
func TestRedListStory(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	r, err := e.svc.ProposeRed(bg, staff("信用监管科"), credit.RedProposal{USCC: entA, Grounds: "连续三年年报按时公示，无违法记录"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("announced to the public, not yet on the list", func(t *testing.T) {
		ann, err := e.svc.RedEntries(bg, false)
		if err != nil || len(ann) != 1 || ann[0].ID != r.ID || ann[0].ProposedBy != nil {
			t.Fatalf("%+v %v", ann, err)
		}
		p, _ := e.svc.Page(bg, credit.ListQuery{List: credit.ListRed, Page: 1, PageSize: 20})
		if p.Total != 0 {
			t.Fatalf("on the list during the announcement: %+v", p)
		}
	})
	o, err := e.svc.ObjectRed(bg, credit.System, r.ID, credit.RedObjectionInput{Applicant: "李四", Contact: "13800000000", Statement: "曾拖欠货款"})
	if err != nil || o.No != 1 || o.Contact != "" {
		t.Fatalf("%+v %v", o, err)
	}
	t.Run("the public sees the objection without its contact", func(t *testing.T) {
		ann, _ := e.svc.RedEntries(bg, false)
		if len(ann[0].Objections) != 1 || ann[0].Objections[0].Contact != "" {
			t.Fatalf("%+v", ann[0].Objections)
		}
		all, _ := e.svc.RedEntries(bg, true)
		if all[0].Objections[0].Contact != "13800000000" {
			t.Fatalf("staff do not see the contact: %+v", all[0].Objections)
		}
	})
	yes, no := true, false
	decide := func(by credit.Actor) error {
		_, err := e.svc.DecideRed(bg, by, r.ID, credit.RedDecisionInput{Include: &yes, Reasons: "公示期满，符合条件"})
		return err
	}
	t.Run("no decision during the announcement", func(t *testing.T) {
		e.clk.Set("2026-07-21")
		wantCode(t, decide(staff("信用监管科")), apperr.CodeConflict)
	})
	e.clk.Set("2026-07-22")
	t.Run("no decision while an objection waits", func(t *testing.T) {
		wantCode(t, decide(staff("信用监管科")), apperr.CodeConflict)
	})
	t.Run("another department decides nothing", func(t *testing.T) {
		_, err := e.svc.DecideRedObjection(bg, staff("登记注册科"), r.ID, 1, credit.ObjectionDecision{Upheld: &no, Reply: "不成立"})
		wantCode(t, err, apperr.CodeForbidden)
		_, err = e.svc.DecideRedObjection(bg, staff("信用监管科"), r.ID, 2, credit.ObjectionDecision{Upheld: &no, Reply: "不成立"})
		wantCode(t, err, apperr.CodeNotFound)
	})
	if _, err := e.svc.DecideRedObjection(bg, staff("信用监管科"), r.ID, 1, credit.ObjectionDecision{Upheld: &no, Reply: "已调解结案"}); err != nil {
		t.Fatal(err)
	}
	t.Run("an objection is decided once", func(t *testing.T) {
		_, err := e.svc.DecideRedObjection(bg, staff("信用监管科"), r.ID, 1, credit.ObjectionDecision{Upheld: &yes, Reply: "成立"})
		wantCode(t, err, apperr.CodeConflict)
		wantCode(t, decide(staff("登记注册科")), apperr.CodeForbidden)
	})
	if err := decide(staff("信用监管科")); err != nil {
		t.Fatal(err)
	}
	var got *credit.RedEntry
	t.Run("included for 36 months, numbered, an event, on the list", func(t *testing.T) {
		f, err := e.svc.File(bg, entA, false)
		if err != nil || len(f.Lists.Red) != 1 {
			t.Fatalf("%+v %v", f, err)
		}
		got = f.Lists.Red[0]
		if got.State != credit.RedListed || got.ListedOn != "2026-07-22" || got.Until != "2029-07-21" ||
			got.DocumentNo != "平市监信红〔2026〕第0001号" || got.DecidedBy != nil {
			t.Fatalf("%+v", got)
		}
		if len(f.Events) == 0 || f.Events[0].Kind != credit.KindRedListed || f.Events[0].PublicUntil != "2029-07-21" {
			t.Fatalf("%+v", f.Events)
		}
		p, _ := e.svc.Page(bg, credit.ListQuery{List: credit.ListRed, Q: "星河", Page: 1, PageSize: 20})
		if p.Total != 1 || p.Items[0].ID != r.ID || p.Items[0].Until != "2029-07-21" || p.Items[0].DocumentNo != got.DocumentNo {
			t.Fatalf("%+v", p)
		}
		d, err := e.svc.DocumentFor(bg, got.DocumentID, "", false)
		if err != nil || d.Kind != credit.DocRedListing || !d.Public || !strings.Contains(d.Body, "公示期间收到异议 1 件") {
			t.Fatalf("%+v %v", d, err)
		}
		wantCode(t, decide(staff("信用监管科")), apperr.CodeConflict)
	})
	t.Run("leaves the list by itself after its last day", func(t *testing.T) {
		e.clk.Set("2029-07-21")
		if p, _ := e.svc.Page(bg, credit.ListQuery{List: credit.ListRed, Page: 1, PageSize: 20}); p.Total != 1 {
			t.Fatalf("gone on its last day: %+v", p)
		}
		e.clk.Set("2029-07-22")
		if p, _ := e.svc.Page(bg, credit.ListQuery{List: credit.ListRed, Page: 1, PageSize: 20}); p.Total != 0 {
			t.Fatalf("still listed after its last day: %+v", p)
		}
		for _, ev := range e.public(t, entA) {
			if ev.Kind == credit.KindRedListed {
				t.Fatalf("the inclusion is still published: %+v", ev)
			}
		}
		_, err := e.svc.RemoveRed(bg, staff("信用监管科"), r.ID, credit.RedRemovalInput{Reason: "失信"})
		wantCode(t, err, apperr.CodeConflict)
	})
}

// An upheld objection ends the proposal: not included.
func TestRedObjectionUpheld(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	r, err := e.svc.ProposeRed(bg, staff(""), credit.RedProposal{USCC: entA, Grounds: "守信"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ObjectRed(bg, credit.System, r.ID, credit.RedObjectionInput{Applicant: "李四", Contact: "138", Statement: "拖欠工资"}); err != nil {
		t.Fatal(err)
	}
	yes := true
	got, err := e.svc.DecideRedObjection(bg, staff("信用监管科"), r.ID, 1, credit.ObjectionDecision{Upheld: &yes, Reply: "经核实，拖欠工资属实"})
	if err != nil || got.State != credit.RedNotListed || got.Objections[0].State != credit.ObjectionUpheld {
		t.Fatalf("%+v %v", got, err)
	}
	e.clk.Set("2026-07-22")
	_, err = e.svc.DecideRed(bg, staff(""), r.ID, credit.RedDecisionInput{Include: &yes, Reasons: "列入"})
	wantCode(t, err, apperr.CodeConflict)
	if f, _ := e.svc.File(bg, entA, false); len(f.Lists.Red) != 0 {
		t.Fatalf("a refused proposal is in the public file: %+v", f.Lists.Red)
	}
}

// Removal for cause: a published penalty, an abnormal listing or a
// serious listing removes the enterprise from the red list at once, in
// the same transaction, with a red_removed event; staff of the listing
// department may also remove it; a proposal in announcement ends unlisted.
func TestRedRemovalForCause(t *testing.T) {
	tests := []struct {
		name  string
		cause func(t *testing.T, e *env)
	}{
		{"a published penalty", func(t *testing.T, e *env) {
			p := penalty("平市监处罚〔2026〕50号", fine(300000))
			p.DecidedOn = "2026-08-01"
			if _, err := e.svc.RecordPenalty(bg, staff("执法稽查科"), p); err != nil {
				t.Fatal(err)
			}
		}},
		{"an abnormal listing", func(t *testing.T, e *env) {
			if _, err := e.svc.List(bg, staff("登记注册科"), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-08-03"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"a serious listing", func(t *testing.T, e *env) {
			n, err := e.svc.NoticeSerious(bg, staff("执法稽查科"), credit.SeriousNoticeInput{USCC: entA, Criterion: credit.CriterionOther, Facts: "拒绝接受检查"})
			if err != nil {
				t.Fatal(err)
			}
			e.clk.Set("2026-08-20")
			yes := true
			if _, err := e.svc.DecideSerious(bg, staff("执法稽查科"), n.ID, credit.SeriousDecisionInput{List: &yes, Reasons: "情节严重"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"the listing department", func(t *testing.T, e *env) {
			_, err := e.svc.RemoveRed(bg, staff("登记注册科"), redID(t, e), credit.RedRemovalInput{Reason: "失信"})
			wantCode(t, err, apperr.CodeForbidden)
			if _, err := e.svc.RemoveRed(bg, staff("信用监管科"), redID(t, e), credit.RedRemovalInput{Reason: "经核查存在失信行为"}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-07-10", nil)
			r, err := e.svc.ProposeRed(bg, staff("信用监管科"), credit.RedProposal{USCC: entA, Grounds: "守信"})
			if err != nil {
				t.Fatal(err)
			}
			// entB is in announcement when the cause strikes entA: untouched.
			other, err := e.svc.ProposeRed(bg, staff("信用监管科"), credit.RedProposal{USCC: entB, Grounds: "守信"})
			if err != nil {
				t.Fatal(err)
			}
			e.clk.Set("2026-07-22")
			yes := true
			if _, err := e.svc.DecideRed(bg, staff("信用监管科"), r.ID, credit.RedDecisionInput{Include: &yes, Reasons: "符合条件"}); err != nil {
				t.Fatal(err)
			}
			e.clk.Set("2026-08-03")
			tc.cause(t, e)
			all, _ := e.svc.RedEntries(bg, true)
			for _, x := range all {
				switch x.ID {
				case r.ID:
					if x.State != credit.RedRemoved || x.RemovalEventID == "" || x.RemovalReason == "" {
						t.Fatalf("not removed: %+v", x)
					}
				case other.ID:
					if x.State != credit.RedAnnounced {
						t.Fatalf("another enterprise's proposal changed: %+v", x)
					}
				}
			}
			found := false
			for _, ev := range e.public(t, entA) {
				found = found || ev.Kind == credit.KindRedRemoved
			}
			if !found {
				t.Fatal("no public red_removed event")
			}
			if p, _ := e.svc.Page(bg, credit.ListQuery{List: credit.ListRed, Page: 1, PageSize: 20}); p.Total != 0 {
				t.Fatalf("still on the red list: %+v", p)
			}
		})
	}
	t.Run("a proposal in announcement ends unlisted", func(t *testing.T) {
		e := newEnv(t, "2026-07-10", nil)
		r, err := e.svc.ProposeRed(bg, staff("信用监管科"), credit.RedProposal{USCC: entA, Grounds: "守信"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-07-10"}); err != nil {
			t.Fatal(err)
		}
		all, _ := e.svc.RedEntries(bg, true)
		if all[0].ID != r.ID || all[0].State != credit.RedNotListed || !strings.Contains(all[0].Decision, "列入经营异常名录") {
			t.Fatalf("%+v", all[0])
		}
		if ann, _ := e.svc.RedEntries(bg, false); len(ann) != 0 {
			t.Fatalf("still announced: %+v", ann)
		}
	})
}

// redID is the current red-list entry of entA.
func redID(t *testing.T, e *env) string {
	t.Helper()
	all, err := e.svc.RedEntries(bg, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if r.USCC == entA && r.State == credit.RedListed {
			return r.ID
		}
	}
	t.Fatal("no red-list entry of entA")
	return ""
}
