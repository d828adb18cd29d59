package credit_test

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/credit"
	"namescope/store"
)

// Each ground: its ground date, the listing decision due 10 working days
// after it on the holiday calendar, and whether the listing came late.
func TestAbnormalGroundsAndDeadlines(t *testing.T) {
	tests := []struct {
		name       string
		today      string
		in         credit.ListInput
		groundDate string
		due        string
		late       bool
		basisHas   string
	}{
		{"annual_report: 10 working days after 30 June", "2026-07-10",
			credit.ListInput{USCC: entA, Reason: "annual_report", Date: "2026-07-10"}, "2026-06-30", "2026-07-14", false, "第四条第（一）项"},
		{"annual_report listed after the deadline is marked late", "2026-07-20",
			credit.ListInput{USCC: entA, Reason: "annual_report", Date: "2026-07-15"}, "2026-06-30", "2026-07-14", true, "第四条第（一）项"},
		{"instant_info across the National Day holiday and its Saturday workday", "2025-10-20",
			credit.ListInput{USCC: entA, Reason: "instant_info", Date: "2025-10-16", GroundDate: "2025-09-26"}, "2025-09-26", "2025-10-16", false, "第四条第（二）项"},
		{"false_info across New Year and its Sunday workday", "2026-01-20",
			credit.ListInput{USCC: entA, Reason: "false_info", Date: "2026-01-16", GroundDate: "2025-12-31"}, "2025-12-31", "2026-01-15", true, "第四条第（三）项"},
		{"unreachable across the Spring Festival", "2026-03-03",
			credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-03-03", GroundDate: "2026-02-11", Basis: "《企业经营异常名录管理暂行办法》第十一条"},
			"2026-02-11", "2026-03-03", false, "第十一条"},
		{"without a ground date no deadline is computed", "2026-03-03",
			credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-03-03"}, "", "", false, "第四条第（四）项"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.today, nil)
			l, err := e.svc.List(bg, staff("信用监管科"), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if l.GroundDate != tc.groundDate || l.DecisionDue != tc.due || l.DecisionLate != tc.late {
				t.Fatalf("ground %s due %s late %v, want %s %s %v", l.GroundDate, l.DecisionDue, l.DecisionLate, tc.groundDate, tc.due, tc.late)
			}
			if !strings.Contains(l.Basis, tc.basisHas) || l.Dept != "信用监管科" || l.Name != "平顶山市星河科技有限公司" || l.Cure == "" ||
				!strings.Contains(l.Rights, "60 日内") || !strings.Contains(l.Rights, "行政复议") {
				t.Fatalf("listing %+v", l)
			}
			// The 3-year mark and the reminder 60 days before it.
			mark := mustDate(t, tc.in.Date).AddDate(3, 0, 0)
			if l.SeriousFrom != mark.Format("2006-01-02") || l.ReminderFrom != mark.AddDate(0, 0, -60).Format("2006-01-02") {
				t.Errorf("serious_from %s reminder_from %s", l.SeriousFrom, l.ReminderFrom)
			}
			// The listing is in the credit file, with its event, in public view.
			f, err := e.svc.File(bg, entA, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Lists.Abnormal) != 1 || f.Lists.Abnormal[0].ListedBy != nil || len(f.Events) != 1 ||
				f.Events[0].Kind != credit.KindAbnormalListed || f.Events[0].ID != l.EventID {
				t.Fatalf("public file %+v", f)
			}
		})
	}
}

// Listings that the rules refuse, each with its code, and nothing written.
func TestAbnormalRefusals(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	if _, err := e.svc.FileAnnualReport(bg, staff(""), credit.AnnualReportInput{USCC: entC, Year: 2025, FiledOn: "2026-05-12"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-07-10"}); err != nil {
		t.Fatal(err)
	}
	keys := e.storeKeys(t)
	tests := []struct {
		name string
		in   credit.ListInput
		code apperr.Code
	}{
		{"annual_report before 30 June has passed", credit.ListInput{USCC: entA, Reason: "annual_report", Date: "2026-06-30"}, apperr.CodeConflict},
		{"annual_report when the report was filed", credit.ListInput{USCC: entC, Reason: "annual_report", Date: "2026-07-10"}, apperr.CodeConflict},
		{"annual_report of an enterprise established this year", credit.ListInput{USCC: entB, Reason: "annual_report", Date: "2026-07-10"}, apperr.CodeConflict},
		{"the same ground twice", credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-07-10"}, apperr.CodeConflict},
		{"name_change is the lifecycle's", credit.ListInput{USCC: entA, Reason: "name_change", Date: "2026-07-10"}, apperr.CodeInvalid},
		{"unknown ground", credit.ListInput{USCC: entA, Reason: "bankrupt", Date: "2026-07-10"}, apperr.CodeInvalid},
		{"a date in the future", credit.ListInput{USCC: entA, Reason: "false_info", Date: "2026-07-11"}, apperr.CodeInvalid},
		{"a ground date after the listing", credit.ListInput{USCC: entA, Reason: "false_info", Date: "2026-07-10", GroundDate: "2026-07-11"}, apperr.CodeInvalid},
		{"a bad date", credit.ListInput{USCC: entA, Reason: "false_info", Date: "10/07/2026"}, apperr.CodeInvalid},
		{"unknown enterprise", credit.ListInput{USCC: entX, Reason: "false_info", Date: "2026-07-10"}, apperr.CodeNotFound},
		{"no USCC", credit.ListInput{Reason: "false_info", Date: "2026-07-10"}, apperr.CodeInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.List(bg, staff(""), tc.in)
			wantCode(t, err, tc.code)
			if e.storeKeys(t) != keys {
				t.Error("a refused listing wrote something")
			}
		})
	}
}

// Removal once cured: within 5 working days of the application (across
// the Labour Day holiday), by the department that listed (谁列入、谁修复),
// once.
func TestAbnormalRemoval(t *testing.T) {
	e := newEnv(t, "2026-05-11", nil)
	byDept, err := e.svc.List(bg, staff("信用监管科"), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-04-20"})
	if err != nil {
		t.Fatal(err)
	}
	noDept, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "false_info", Date: "2026-04-20"})
	if err != nil {
		t.Fatal(err)
	}
	cure := credit.RemoveInput{Reason: "已办理住所变更登记", Date: "2026-05-11", AppliedOn: "2026-04-30"}
	t.Run("another department may not remove", func(t *testing.T) {
		keys := e.storeKeys(t)
		_, err := e.svc.Remove(bg, staff("登记注册科"), byDept.ID, cure)
		wantCode(t, err, apperr.CodeForbidden)
		if !strings.Contains(apperr.MessageOf(err), "信用监管科") || e.storeKeys(t) != keys {
			t.Errorf("%v; wrote %v", err, e.storeKeys(t) != keys)
		}
	})
	t.Run("without departments nothing is blocked", func(t *testing.T) {
		l, err := e.svc.Remove(bg, staff("登记注册科"), noDept.ID, credit.RemoveInput{Reason: "已更正公示信息", Date: "2026-05-11"})
		if err != nil || l.RemovedOn != "2026-05-11" || l.RemovalDue != "" {
			t.Fatalf("%+v %v", l, err)
		}
	})
	t.Run("the listing department removes, due 5 working days after the application", func(t *testing.T) {
		l, err := e.svc.Remove(bg, staff("信用监管科"), byDept.ID, cure)
		if err != nil {
			t.Fatal(err)
		}
		// May 1–5 off, Wed 6 to Fri 8, Saturday May 9 worked, Monday May 11.
		if l.RemovalDue != "2026-05-11" || l.RemovedOn != "2026-05-11" || l.RemovalEventID == "" || len(l.History) != 2 || l.RemovedBy == nil {
			t.Fatalf("removal %+v", l)
		}
		evs := e.events(t, entA)
		if evs[0].Kind != credit.KindAbnormalRemoved || evs[0].Dept != "信用监管科" {
			t.Fatalf("removal event %+v", evs[0])
		}
	})
	t.Run("removed once", func(t *testing.T) {
		_, err := e.svc.Remove(bg, staff("信用监管科"), byDept.ID, cure)
		wantCode(t, err, apperr.CodeConflict)
	})
	t.Run("bad input", func(t *testing.T) {
		again, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-05-11"})
		if err != nil {
			t.Fatal(err)
		}
		keys := e.storeKeys(t)
		for name, tc := range map[string]struct {
			id   string
			in   credit.RemoveInput
			code apperr.Code
		}{
			"unknown listing":        {"AB99999999", cure, apperr.CodeNotFound},
			"no reason":              {again.ID, credit.RemoveInput{Date: "2026-05-11"}, apperr.CodeInvalid},
			"before the listing":     {again.ID, credit.RemoveInput{Reason: "r", Date: "2026-05-08"}, apperr.CodeInvalid},
			"applied after the date": {again.ID, credit.RemoveInput{Reason: "r", Date: "2026-05-11", AppliedOn: "2026-05-12"}, apperr.CodeInvalid},
			"in the future":          {again.ID, credit.RemoveInput{Reason: "r", Date: "2026-05-12"}, apperr.CodeInvalid},
			"a bad application date": {again.ID, credit.RemoveInput{Reason: "r", Date: "2026-05-11", AppliedOn: "x"}, apperr.CodeInvalid},
		} {
			_, err := e.svc.Remove(bg, staff(""), tc.id, tc.in)
			if apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused removals wrote something")
		}
	})
}

// The lifecycle's listing: written in the caller's transaction with the
// order behind it; removed by the name change, not by staff.
func TestNameChangeListing(t *testing.T) {
	e := newEnv(t, "2025-12-02", nil)
	nc := &credit.NameChangeGround{Name: "平顶山市星河科技有限公司", NameRecordID: "R1", DisputeID: "D1", OrderedOn: "2025-10-31", ChangeDue: "2025-12-01"}
	var l *credit.Listing
	err := e.db.Update(func(tx *store.Tx) error {
		var err error
		l, err = e.svc.ListTx(tx, credit.ActorOf("system:clock"), credit.ListInput{USCC: entA, Reason: "name_change", Date: "2025-12-02"}, nc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if l.GroundDate != "2025-12-01" || l.DecisionDue != "2025-12-15" || l.NameChange.DisputeID != "D1" {
		t.Fatalf("listing %+v", l)
	}
	_, err = e.svc.Remove(bg, staff(""), l.ID, credit.RemoveInput{Reason: "r", Date: "2025-12-02"})
	wantCode(t, err, apperr.CodeConflict)
	err = e.db.Update(func(tx *store.Tx) error {
		_, err := e.svc.RemoveGroundTx(tx, credit.ActorOf("registrar:r"), entA, credit.GroundNameChange, "已办理名称变更登记")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.LatestListing(bg, entA, credit.GroundNameChange)
	if err != nil || got.RemovedOn != "2025-12-02" || got.RemovalReason != "已办理名称变更登记" {
		t.Fatalf("after the change %+v %v", got, err)
	}
	if _, err := e.svc.LatestListing(bg, entB, credit.GroundNameChange); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Errorf("no listing: %v", err)
	}
}

// The public list: current listings only, newest first, searched by name
// or USCC, in pages; the reminder in the last 60 days before the mark.
func TestAbnormalListPages(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	for _, in := range []credit.ListInput{
		{USCC: entA, Reason: "unreachable", Date: "2026-07-01"},
		{USCC: entB, Reason: "false_info", Date: "2026-07-02"},
		{USCC: entC, Reason: "unreachable", Date: "2026-07-03"},
	} {
		if _, err := e.svc.List(bg, staff(""), in); err != nil {
			t.Fatal(err)
		}
	}
	gone, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "false_info", Date: "2026-07-04"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Remove(bg, staff(""), gone.ID, credit.RemoveInput{Reason: "已更正", Date: "2026-07-10"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		q     credit.ListQuery
		total int
		uscc  []string
	}{
		{"every current listing, newest first", credit.ListQuery{List: "abnormal", Page: 1, PageSize: 20}, 3, []string{entC, entB, entA}},
		{"second page", credit.ListQuery{List: "abnormal", Page: 2, PageSize: 2}, 3, []string{entA}},
		{"past the end", credit.ListQuery{List: "abnormal", Page: 3, PageSize: 2}, 3, nil},
		{"by name", credit.ListQuery{List: "abnormal", Q: "青禾", Page: 1, PageSize: 20}, 1, []string{entB}},
		{"by USCC, any case", credit.ListQuery{List: "abnormal", Q: entC[10:], Page: 1, PageSize: 20}, 1, []string{entC}},
		{"serious is empty until built", credit.ListQuery{List: "serious", Page: 1, PageSize: 20}, 0, nil},
		{"red is empty until built", credit.ListQuery{List: "red", Page: 1, PageSize: 20}, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := e.svc.Page(bg, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range p.Items {
				got = append(got, it.USCC)
			}
			if p.Total != tc.total || p.Page != tc.q.Page || len(got) != len(tc.uscc) || p.Items == nil {
				t.Fatalf("page %+v, want %d %v", p, tc.total, tc.uscc)
			}
			for i := range got {
				if got[i] != tc.uscc[i] {
					t.Fatalf("items %v, want %v", got, tc.uscc)
				}
			}
		})
	}
	t.Run("the reminder runs in the last 60 days before the 3-year mark", func(t *testing.T) {
		for date, want := range map[string]bool{"2029-05-01": false, "2029-05-02": true, "2029-06-30": true, "2029-07-01": false} {
			e.clk.Set(date)
			p, err := e.svc.Page(bg, credit.ListQuery{List: "abnormal", Q: "星河", Page: 1, PageSize: 20})
			if err != nil || len(p.Items) != 1 {
				t.Fatalf("%+v %v", p, err)
			}
			if p.Items[0].Reminder != want || p.Items[0].SeriousFrom != "2029-07-01" {
				t.Errorf("%s: reminder %v, want %v (%+v)", date, p.Items[0].Reminder, want, p.Items[0])
			}
		}
	})
	t.Run("bad queries", func(t *testing.T) {
		for name, tc := range map[string]struct {
			q    credit.ListQuery
			code apperr.Code
		}{
			"unknown list":  {credit.ListQuery{List: "black", Page: 1, PageSize: 20}, apperr.CodeNotFound},
			"page 0":        {credit.ListQuery{List: "abnormal", Page: 0, PageSize: 20}, apperr.CodeInvalid},
			"page size 0":   {credit.ListQuery{List: "abnormal", Page: 1, PageSize: 0}, apperr.CodeInvalid},
			"page size 101": {credit.ListQuery{List: "abnormal", Page: 1, PageSize: 101}, apperr.CodeInvalid},
		} {
			if _, err := e.svc.Page(bg, tc.q); apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}
