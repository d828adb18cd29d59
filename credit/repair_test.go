package credit_test

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/credit"
)

func repairOf(u, target string) credit.RepairInput {
	return credit.RepairInput{USCC: u, Target: target, Applicant: "平顶山市星河科技有限公司", Contact: "0375-1234567",
		Statement: "已履行义务并消除不良影响", Evidence: []credit.EvidenceFile{{Filename: "回执.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")}}}
}

// Each branch of eligibility for a penalty, on the day of the application.
func TestRepairEligibilityOfPenalties(t *testing.T) {
	tests := []struct {
		name     string
		items    []credit.PenaltyItem
		domain   string
		applyOn  string
		listed   bool // the party is on the abnormal list
		eligible bool
		reason   string
	}{
		{"a fine, 6 months after publication", []credit.PenaltyItem{fine(200000)}, "other", "2026-09-10", false, true, ""},
		{"a fine, one day short of 6 months", []credit.PenaltyItem{fine(200000)}, "other", "2026-09-09", false, false, "公示满 6 个月"},
		{"food: 6 months is too early", []credit.PenaltyItem{fine(200000)}, "food", "2026-09-10", false, false, "公示满 12 个月"},
		{"food: 1 year", []credit.PenaltyItem{fine(200000)}, "food", "2027-03-10", false, true, ""},
		{"drugs: 1 year", []credit.PenaltyItem{fine(200000)}, "drugs", "2026-09-10", false, false, "公示满 12 个月"},
		{"special equipment: 1 year", []credit.PenaltyItem{fine(200000)}, "special_equipment", "2026-09-10", false, false, "公示满 12 个月"},
		{"medical devices follow the general period [R]", []credit.PenaltyItem{fine(200000)}, "medical_devices", "2026-09-10", false, true, ""},
		{"cosmetics follow the general period [R]", []credit.PenaltyItem{fine(200000)}, "cosmetics", "2026-09-10", false, true, ""},
		{"business licence revoked: never", []credit.PenaltyItem{{Kind: credit.PenBusinessLicence}}, "other", "2027-09-10", false, false, "第十四条第三款"},
		{"suspension: never", []credit.PenaltyItem{{Kind: credit.PenSuspension, Months: 3}}, "other", "2027-09-10", false, false, "第十四条第三款"},
		{"restriction: never", []credit.PenaltyItem{{Kind: credit.PenRestriction, Months: 12}}, "other", "2027-09-10", false, false, "第十四条第三款"},
		{"a low fine only: excluded", []credit.PenaltyItem{fine(5000)}, "other", "2026-05-10", false, false, "较低数额罚款"},
		{"still on the abnormal list", []credit.PenaltyItem{fine(200000)}, "other", "2026-09-10", true, false, "经营异常名录"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-03-10", nil)
			in := penalty("平市监处罚〔2026〕30号", tc.items...)
			in.Domain = tc.domain
			res, err := e.svc.RecordPenalty(bg, staff(""), in)
			if err != nil {
				t.Fatal(err)
			}
			if tc.listed {
				if _, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-03-10"}); err != nil {
					t.Fatal(err)
				}
			}
			e.clk.Set(tc.applyOn)
			r, err := e.svc.ApplyRepair(bg, repairOf(entA, res.Event.ID))
			if err != nil {
				t.Fatal(err)
			}
			if r.Eligibility.Eligible != tc.eligible || (tc.reason != "" && !strings.Contains(strings.Join(r.Eligibility.Reasons, "|"), tc.reason)) {
				t.Fatalf("eligibility %+v, want %v %q", r.Eligibility, tc.eligible, tc.reason)
			}
			want := credit.RepairRefused
			if tc.eligible {
				want = credit.RepairPending
			}
			if r.State != want || r.Token == "" || r.TokenHash != "" || len(r.Evidence) != 1 || r.Evidence[0].Size != 8 {
				t.Fatalf("repair %+v", r)
			}
			if !tc.eligible && (r.DecidedOn != tc.applyOn || r.Reasons == "") {
				t.Errorf("a refused application is not closed at once: %+v", r)
			}
		})
	}
}

// An approved penalty repair stops its publication; the repair is an event.
func TestRepairOfAPenalty(t *testing.T) {
	e := newEnv(t, "2026-03-10", nil)
	res, err := e.svc.RecordPenalty(bg, staff("执法稽查科"), penalty("平市监处罚〔2026〕31号", fine(200000)))
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set("2026-09-10") // Thursday
	r, err := e.svc.ApplyRepair(bg, repairOf(entA, res.Event.ID))
	if err != nil {
		t.Fatal(err)
	}
	// Accepted within 3 working days (Sep 15), decided within 15 more;
	// 2026: Sep 25–27 and Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked.
	if r.AcceptDue != "2026-09-15" || r.DecisionDue != "2026-10-12" || r.Dept != "执法稽查科" {
		t.Fatalf("deadlines %+v", r)
	}
	t.Run("the party follows with its token only", func(t *testing.T) {
		got, err := e.svc.RepairFor(bg, r.ID, r.Token, false)
		if err != nil || got.ID != r.ID || got.TokenHash != "" {
			t.Fatalf("%+v %v", got, err)
		}
		_, err = e.svc.RepairFor(bg, r.ID, "nsp_wrong", false)
		wantCode(t, err, apperr.CodeForbidden)
	})
	yes := true
	t.Run("another department may not decide", func(t *testing.T) {
		_, err := e.svc.DecideRepair(bg, staff("登记注册科"), r.ID, credit.RepairDecisionInput{Approve: &yes, Reasons: "准予"})
		wantCode(t, err, apperr.CodeForbidden)
	})
	d, err := e.svc.DecideRepair(bg, staff("执法稽查科"), r.ID, credit.RepairDecisionInput{Approve: &yes, Reasons: "已履行处罚义务，符合条件"})
	if err != nil || d.State != credit.RepairApproved || d.EventID == "" {
		t.Fatalf("%+v %v", d, err)
	}
	pub := e.public(t, entA)
	if len(pub) != 1 || pub[0].Kind != credit.KindRepair || pub[0].Supersedes != res.Event.ID {
		t.Fatalf("public view after the repair %+v", pub)
	}
	_, err = e.svc.DecideRepair(bg, staff("执法稽查科"), r.ID, credit.RepairDecisionInput{Approve: &yes, Reasons: "again"})
	wantCode(t, err, apperr.CodeConflict)
}

// Repairs of listings: the abnormal list (any time, but not a name_change
// listing) and the serious list (after 1 year).
func TestRepairOfListings(t *testing.T) {
	e := newEnv(t, "2026-03-10", nil)
	yes, no := true, false
	t.Run("abnormal listing: removed", func(t *testing.T) {
		l, err := e.svc.List(bg, staff("信用监管科"), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-03-10"})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.svc.ApplyRepair(bg, repairOf(entA, l.ID))
		if err != nil || r.State != credit.RepairPending || r.Dept != "信用监管科" {
			t.Fatalf("%+v %v", r, err)
		}
		d, err := e.svc.DecideRepair(bg, staff("信用监管科"), r.ID, credit.RepairDecisionInput{Approve: &yes, Reasons: "已办理住所变更登记"})
		if err != nil || d.State != credit.RepairApproved {
			t.Fatalf("%+v %v", d, err)
		}
		got, _ := e.svc.LatestListing(bg, entA, credit.GroundUnreachable)
		if got.Current() || !strings.Contains(got.RemovalReason, "信用修复") {
			t.Fatalf("listing %+v", got)
		}
		evs := e.events(t, entA)
		if evs[0].Kind != credit.KindRepair || evs[1].Kind != credit.KindAbnormalRemoved {
			t.Fatalf("events %+v", evs)
		}
		r2, err := e.svc.ApplyRepair(bg, repairOf(entA, l.ID))
		if err != nil || r2.State != credit.RepairRefused {
			t.Fatalf("a removed listing: %+v %v", r2, err)
		}
	})
	t.Run("a rejected application leaves the listing", func(t *testing.T) {
		l, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entB, Reason: "false_info", Date: "2026-03-10"})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := e.svc.ApplyRepair(bg, repairOf(entB, l.ID))
		d, err := e.svc.DecideRepair(bg, staff(""), r.ID, credit.RepairDecisionInput{Approve: &no, Reasons: "未更正公示信息"})
		if err != nil || d.State != credit.RepairRejected {
			t.Fatalf("%+v %v", d, err)
		}
		if got, _ := e.svc.LatestListing(bg, entB, credit.GroundFalseInfo); !got.Current() {
			t.Fatal("a rejected repair removed the listing")
		}
	})
	t.Run("serious listing: after 1 year only", func(t *testing.T) {
		n, err := e.svc.NoticeSerious(bg, staff(""), credit.SeriousNoticeInput{USCC: entC, Criterion: credit.CriterionOther, Facts: "拒不配合调查"})
		if err != nil {
			t.Fatal(err)
		}
		e.clk.Set("2026-03-18")
		d, err := e.svc.DecideSerious(bg, staff(""), n.ID, credit.SeriousDecisionInput{List: &yes, Reasons: "列入"})
		if err != nil {
			t.Fatal(err)
		}
		e.clk.Set("2027-03-17")
		r, err := e.svc.ApplyRepair(bg, repairOf(entC, d.ListingID))
		if err != nil || r.State != credit.RepairRefused || !strings.Contains(r.Reasons, "满 12 个月") {
			t.Fatalf("too early: %+v %v", r, err)
		}
		e.clk.Set("2027-03-18")
		r, err = e.svc.ApplyRepair(bg, repairOf(entC, d.ListingID))
		if err != nil || r.State != credit.RepairPending {
			t.Fatalf("after 1 year: %+v %v", r, err)
		}
		if _, err := e.svc.DecideRepair(bg, staff(""), r.ID, credit.RepairDecisionInput{Approve: &yes, Reasons: "整改到位"}); err != nil {
			t.Fatal(err)
		}
		if p, _ := e.svc.Page(bg, credit.ListQuery{List: "serious", Page: 1, PageSize: 20}); p.Total != 0 {
			t.Fatalf("still on the serious list: %+v", p)
		}
		if evs := e.public(t, entC); evs[0].Kind != credit.KindRepair || evs[1].Kind != credit.KindSeriousRemoved {
			t.Fatalf("events %+v", evs)
		}
	})
	t.Run("a name_change listing is not repaired", func(t *testing.T) {
		// Written as the lifecycle does, then applied for.
		l := nameChangeListing(t, e, entB)
		r, err := e.svc.ApplyRepair(bg, repairOf(entB, l))
		if err != nil || r.State != credit.RepairRefused || !strings.Contains(r.Reasons, "名称变更") {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("bad applications write nothing", func(t *testing.T) {
		keys := e.storeKeys(t)
		many := repairOf(entA, "AB00000001")
		for i := 0; i < 5; i++ {
			many.Evidence = append(many.Evidence, many.Evidence[0])
		}
		empty := repairOf(entA, "AB00000001")
		empty.Evidence[0].Data = nil
		noStatement := repairOf(entA, "AB00000001")
		noStatement.Statement = ""
		for name, tc := range map[string]struct {
			in   credit.RepairInput
			code apperr.Code
		}{
			"unknown target":              {repairOf(entA, "AB99999999"), apperr.CodeNotFound},
			"a target of another company": {repairOf(entC, "AB00000001"), apperr.CodeNotFound},
			"not a target":                {repairOf(entA, "XY1"), apperr.CodeInvalid},
			"too many files":              {many, apperr.CodeInvalid},
			"an empty file":               {empty, apperr.CodeInvalid},
			"no statement":                {noStatement, apperr.CodeInvalid},
			"unknown enterprise":          {repairOf(entX, "AB00000001"), apperr.CodeNotFound},
		} {
			if _, err := e.svc.ApplyRepair(bg, tc.in); apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused applications wrote something")
		}
	})
}
