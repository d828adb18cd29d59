package credit_test

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/credit"
	"namescope/store"
)

// Annual reports: on time by 30 June, late after it, a replay writes
// nothing, another date is refused; a missing report shows after 30 June.
func TestAnnualReports(t *testing.T) {
	e := newEnv(t, "2026-06-30", nil)
	partner := credit.Actor{Role: "partner", KeyID: "p1"}
	t.Run("on 30 June the last year's report is not missing yet, the one before is", func(t *testing.T) {
		f, err := e.svc.File(bg, entA, true)
		if err != nil || f.AnnualReportMissing != 2024 {
			// The 2024 report (due 2025-06-30) is missing; 2025's is not due yet.
			t.Fatalf("missing %d %v", f.AnnualReportMissing, err)
		}
	})
	t.Run("on time", func(t *testing.T) {
		r, err := e.svc.FileAnnualReport(bg, partner, credit.AnnualReportInput{USCC: entA, Year: 2025, FiledOn: "2026-06-30"})
		if err != nil || r.Replayed || r.Report.Late {
			t.Fatalf("%+v %v", r, err)
		}
		if evs := e.public(t, entA); len(evs) != 1 || evs[0].Kind != credit.KindAnnualReport {
			t.Fatalf("%+v", evs)
		}
	})
	t.Run("late", func(t *testing.T) {
		r, err := e.svc.FileAnnualReport(bg, partner, credit.AnnualReportInput{USCC: entA, Year: 2024, FiledOn: "2026-06-29"})
		if err != nil || !r.Report.Late {
			t.Fatalf("%+v %v", r, err)
		}
		evs := e.public(t, entA)
		if evs[0].Kind != credit.KindAnnualReportLate || !strings.Contains(evs[0].Summary, "2025-06-30") {
			t.Fatalf("%+v", evs[0])
		}
		e.clk.Set("2026-07-01")
		if f, _ := e.svc.File(bg, entA, true); f.AnnualReportMissing != 0 || len(f.AnnualReports) != 2 {
			t.Fatalf("after filing both: %+v", f)
		}
	})
	keys := e.storeKeys(t)
	t.Run("a replay writes nothing", func(t *testing.T) {
		r, err := e.svc.FileAnnualReport(bg, partner, credit.AnnualReportInput{USCC: entA, Year: 2025, FiledOn: "2026-06-30"})
		if err != nil || !r.Replayed || e.storeKeys(t) != keys {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		for name, tc := range map[string]struct {
			in   credit.AnnualReportInput
			code apperr.Code
		}{
			"another date for a filed year": {credit.AnnualReportInput{USCC: entA, Year: 2025, FiledOn: "2026-06-01"}, apperr.CodeConflict},
			"a year not over when filed":    {credit.AnnualReportInput{USCC: entA, Year: 2026, FiledOn: "2026-06-01"}, apperr.CodeInvalid},
			"a year before establishment":   {credit.AnnualReportInput{USCC: entB, Year: 2025, FiledOn: "2026-06-01"}, apperr.CodeInvalid},
			"a filing date in the future":   {credit.AnnualReportInput{USCC: entA, Year: 2023, FiledOn: "2026-07-02"}, apperr.CodeInvalid},
			"no year":                       {credit.AnnualReportInput{USCC: entA, FiledOn: "2026-06-01"}, apperr.CodeInvalid},
			"unknown enterprise":            {credit.AnnualReportInput{USCC: entX, Year: 2025, FiledOn: "2026-06-01"}, apperr.CodeNotFound},
			"a bad date":                    {credit.AnnualReportInput{USCC: entA, Year: 2025, FiledOn: "2026-6-1"}, apperr.CodeInvalid},
		} {
			_, err := e.svc.FileAnnualReport(bg, partner, tc.in)
			if apperr.CodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		if e.storeKeys(t) != keys {
			t.Error("refused filings wrote something")
		}
	})
	t.Run("an enterprise established this year has nothing missing", func(t *testing.T) {
		if f, err := e.svc.File(bg, entB, true); err != nil || f.AnnualReportMissing != 0 {
			t.Fatalf("%+v %v", f, err)
		}
	})
}

// What a write of the registry means for the credit file.
func TestRecordRegistry(t *testing.T) {
	active := credit.RegistryState{USCC: entA, Name: "平顶山市星河科技有限公司", Status: "active", StatusDate: "2024-05-20",
		Established: "2024-05-20", LegalRep: "张三", IndustryCode: "I65", AuthorityCode: "410400", EntType: "limited_company"}
	with := func(f func(*credit.RegistryState)) credit.RegistryState { s := active; f(&s); return s }
	reserved := with(func(s *credit.RegistryState) { s.Status = "reserved" })
	noRep := with(func(s *credit.RegistryState) { s.LegalRep = "" })
	tests := []struct {
		name       string
		before     *credit.RegistryState
		after      credit.RegistryState
		kind       credit.Kind // "": nothing recorded
		date       string
		summaryHas string
	}{
		{"a new active enterprise: registration on its establishment date", nil, active, credit.KindRegistration, "2024-05-20", "设立登记"},
		{"a reserved name registered", &reserved, active, credit.KindRegistration, "2024-05-20", "设立登记"},
		{"a name change", &active, with(func(s *credit.RegistryState) { s.Name = "平顶山市澜岳数联科技有限公司" }), credit.KindChange, "2026-03-10", "平顶山市澜岳数联科技有限公司"},
		{"an industry and type change", &active, with(func(s *credit.RegistryState) { s.IndustryCode, s.EntType = "I64", "sole" }), credit.KindChange, "2026-03-10", "行业、企业类型"},
		{"a new legal representative, whose name stays out", &active, with(func(s *credit.RegistryState) { s.LegalRep = "李四" }), credit.KindChange, "2026-03-10", "法定代表人"},
		{"cancellation", &active, with(func(s *credit.RegistryState) { s.Status, s.StatusDate = "cancelled", "2026-03-09" }), credit.KindCancellation, "2026-03-09", "注销"},
		{"revocation", &active, with(func(s *credit.RegistryState) { s.Status, s.StatusDate = "revoked", "2026-03-08" }), credit.KindRevocation, "2026-03-08", "吊销"},
		{"nothing that counts changed", &active, active, "", "", ""},
		{"a legal representative given for the first time", &noRep, active, "", "", ""},
		{"a reservation", nil, with(func(s *credit.RegistryState) { s.Status = "reserved" }), "", "", ""},
		{"a name without USCC", nil, with(func(s *credit.RegistryState) { s.USCC = "" }), "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-03-10", nil)
			err := e.db.Update(func(tx *store.Tx) error { return e.svc.RecordRegistryTx(tx, "registrar:r1", tc.before, tc.after) })
			if err != nil {
				t.Fatal(err)
			}
			evs := e.events(t, entA)
			if tc.kind == "" {
				if len(evs) != 0 {
					t.Fatalf("recorded %+v", evs)
				}
				return
			}
			if len(evs) != 1 || evs[0].Kind != tc.kind || evs[0].Date != tc.date || !strings.Contains(evs[0].Summary, tc.summaryHas) ||
				evs[0].Actor.Role != "registrar" || evs[0].Actor.KeyID != "r1" {
				t.Fatalf("events %+v", evs)
			}
			if strings.Contains(evs[0].Summary, "张三") || strings.Contains(evs[0].Summary, "李四") {
				t.Errorf("the legal representative's name is in the summary: %s", evs[0].Summary)
			}
		})
	}
}
