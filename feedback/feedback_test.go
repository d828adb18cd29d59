package feedback_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/feedback"
	"namescope/internal/testenv"
	"namescope/name"
	"namescope/store"
)

var today = time.Date(2026, 3, 2, 10, 0, 0, 0, testenv.ChinaTime)

// newEnv is the application with the registry fixture of the concrete
// cases (平顶山市星河科技有限公司 …), on a clock standing at today.
func newEnv(t *testing.T) (*testenv.Env, *feedback.Service) {
	t.Helper()
	env := testenv.New(t, testenv.Options{Now: today, NoWellKnownMarks: true})
	env.PutFixture(t, "registrar:test")
	return env, env.App.Feedback
}

// similar is a report of the similar-name warning of 星和 (E1 is 星河).
func similar() feedback.SubmitInput {
	return feedback.SubmitInput{
		Name: "平顶山市星和科技有限公司", AuthorityCode: "410400", FindingCode: "similar_name",
		Note: "星和是申请人本人的名字，与星河无关", RulesVersion: name.RulesVersion(),
	}
}

func TestSubmit(t *testing.T) {
	_, svc := newEnv(t)
	ctx := context.Background()
	r, err := svc.Submit(ctx, "public", similar())
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "1" || r.State != feedback.Open || r.Normalized != "平顶山市星和科技有限公司" ||
		r.FindingSeverity != name.Warn || r.CheckVerdict != name.Warn || r.RulesVersion != name.RulesVersion() ||
		r.CheckRulesVersion != name.RulesVersion() || !r.CreatedAt.Equal(today) || r.ReportedBy != "public" {
		t.Errorf("report %+v", r)
	}
	if !strings.Contains(r.FindingMessage, "相近") {
		t.Errorf("finding message %q", r.FindingMessage)
	}
	got, err := svc.Get(ctx, r.ID)
	if err != nil || got.Note != similar().Note {
		t.Fatalf("Get: %+v, %v", got, err)
	}
	r2, err := svc.Submit(ctx, "public", similar())
	if err != nil || r2.ID != "2" {
		t.Fatalf("second report: %+v, %v", r2, err)
	}

	long := strings.Repeat("好", feedback.MaxNote+1)
	for _, tc := range []struct {
		what  string
		edit  func(*feedback.SubmitInput)
		code  apperr.Code
		field string
	}{
		{"empty name", func(in *feedback.SubmitInput) { in.Name = " " }, apperr.CodeInvalid, "name"},
		{"invisible character in the name", func(in *feedback.SubmitInput) { in.Name = "平顶山市星\u200b和科技有限公司" }, apperr.CodeInvalid, "name"},
		{"authority not six digits", func(in *feedback.SubmitInput) { in.AuthorityCode = "4104" }, apperr.CodeInvalid, "authority_code"},
		{"authority letters", func(in *feedback.SubmitInput) { in.AuthorityCode = "41040x" }, apperr.CodeInvalid, "authority_code"},
		{"unknown authority", func(in *feedback.SubmitInput) { in.AuthorityCode = "999999" }, apperr.CodeInvalid, "authority_code"},
		{"no finding code", func(in *feedback.SubmitInput) { in.FindingCode = "" }, apperr.CodeInvalid, "finding_code"},
		{"malformed finding code", func(in *feedback.SubmitInput) { in.FindingCode = "Similar Name" }, apperr.CodeInvalid, "finding_code"},
		{"finding the check does not give", func(in *feedback.SubmitInput) { in.FindingCode = "identical_name" }, apperr.CodeConflict, "finding_code"},
		{"finding of another name", func(in *feedback.SubmitInput) { in.Name = "平顶山市青禾农业开发有限公司" }, apperr.CodeConflict, "finding_code"},
		{"no rules version", func(in *feedback.SubmitInput) { in.RulesVersion = "" }, apperr.CodeInvalid, "rules_version"},
		{"malformed rules version", func(in *feedback.SubmitInput) { in.RulesVersion = "p1 <script>" }, apperr.CodeInvalid, "rules_version"},
		{"note too long", func(in *feedback.SubmitInput) { in.Note = long }, apperr.CodeInvalid, "note"},
		{"invisible character in the note", func(in *feedback.SubmitInput) { in.Note = "看\u202e起来" }, apperr.CodeInvalid, "note"},
		{"control character in the note", func(in *feedback.SubmitInput) { in.Note = "看\x07起来" }, apperr.CodeInvalid, "note"},
		{"bad industry code", func(in *feedback.SubmitInput) { in.IndustryCode = "ZZ" }, apperr.CodeInvalid, "industry_code"},
		{"bad enterprise type", func(in *feedback.SubmitInput) { in.EntType = "llc" }, apperr.CodeInvalid, "ent_type"},
	} {
		t.Run(tc.what, func(t *testing.T) {
			in := similar()
			tc.edit(&in)
			_, err := svc.Submit(ctx, "public", in)
			if apperr.CodeOf(err) != tc.code || !strings.Contains(apperr.MessageOf(err), tc.field) {
				t.Errorf("error %v (%s), want %s naming %s", err, apperr.CodeOf(err), tc.code, tc.field)
			}
		})
	}
	// Nothing refused was kept.
	page, err := svc.List(ctx, "", "", 0)
	if err != nil || len(page.Reports) != 2 {
		t.Fatalf("after refusals: %d reports, %v", len(page.Reports), err)
	}
	// A note may span lines.
	in := similar()
	in.Note = "第一行\n第二行"
	if _, err := svc.Submit(ctx, "public", in); err != nil {
		t.Errorf("a note with a line break: %v", err)
	}
	// A report about an older rules version whose finding is gone says so.
	in = similar()
	in.FindingCode, in.RulesVersion = "identical_name", "p0-000000000000"
	if _, err := svc.Submit(ctx, "public", in); !strings.Contains(apperr.MessageOf(err), "规则已更新") {
		t.Errorf("finding gone under new rules: %v", err)
	}
}

func TestListAndResolve(t *testing.T) {
	env, svc := newEnv(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, err := svc.Submit(ctx, "public", similar()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Resolve(ctx, "2", "staff:k1", true, "字号为本人姓名，不构成相近"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Resolve(ctx, "4", "staff:k1", false, ""); err != nil {
		t.Fatal(err)
	}
	ids := func(p *feedback.Page) string {
		var s []string
		for _, r := range p.Reports {
			s = append(s, r.ID)
		}
		return strings.Join(s, ",") + "|" + p.Next
	}
	for _, tc := range []struct {
		state feedback.State
		after string
		limit int
		want  string
	}{
		{"", "", 0, "1,2,3,4,5|"},
		{feedback.Open, "", 0, "1,3,5|"},
		{feedback.Open, "", 2, "1,3|3"},
		{feedback.Open, "3", 2, "5|"},
		{feedback.Open, "5", 2, "|"},
		{feedback.Confirmed, "", 0, "2|"},
		{feedback.Rejected, "", 0, "4|"},
		{"", "2", 2, "3,4|4"},
	} {
		p, err := svc.List(ctx, tc.state, tc.after, tc.limit)
		if err != nil {
			t.Fatalf("List(%q, %q, %d): %v", tc.state, tc.after, tc.limit, err)
		}
		if got := ids(p); got != tc.want {
			t.Errorf("List(%q, %q, %d) = %s, want %s", tc.state, tc.after, tc.limit, got, tc.want)
		}
	}
	for _, tc := range []struct {
		state feedback.State
		after string
		limit int
		field string
	}{
		{"closed", "", 0, "state"},
		{"", "x", 0, "after"},
		{"", "", -1, "limit"},
		{"", "", feedback.MaxLimit + 1, "limit"},
	} {
		_, err := svc.List(ctx, tc.state, tc.after, tc.limit)
		if apperr.CodeOf(err) != apperr.CodeInvalid || !strings.Contains(apperr.MessageOf(err), tc.field) {
			t.Errorf("List(%q, %q, %d): %v, want invalid naming %s", tc.state, tc.after, tc.limit, err, tc.field)
		}
	}

	r, err := svc.Get(ctx, "2")
	if err != nil {
		t.Fatal(err)
	}
	if r.State != feedback.Confirmed || r.ResolvedBy != "staff:k1" || r.Resolution != "字号为本人姓名，不构成相近" ||
		r.ResolvedAt == nil || !r.ResolvedAt.Equal(today) {
		t.Errorf("resolved report %+v", r)
	}
	for _, tc := range []struct {
		what string
		id   string
		note string
		code apperr.Code
	}{
		{"already confirmed", "2", "", apperr.CodeConflict},
		{"already rejected", "4", "", apperr.CodeConflict},
		{"unknown id", "99", "", apperr.CodeNotFound},
		{"not an id", "abc", "", apperr.CodeNotFound},
		{"leading zero", "01", "", apperr.CodeNotFound},
		{"note too long", "1", strings.Repeat("驳", feedback.MaxNote+1), apperr.CodeInvalid},
		{"invisible note", "1", "驳\u2066回", apperr.CodeInvalid},
	} {
		if _, err := svc.Resolve(ctx, tc.id, "staff:k1", false, tc.note); apperr.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.what, err, tc.code)
		}
	}
	if r, _ := svc.Get(ctx, "1"); r.State != feedback.Open {
		t.Errorf("a refused decision changed report 1: %s", r.State)
	}

	// Every write left its audit entry, with the report before and after.
	hist, err := env.App.Store.History("report/2", 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, raw := range hist {
		var e store.AuditEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, e.Actor+" "+e.Action)
	}
	if got := strings.Join(actions, "; "); !strings.Contains(got, "public report_finding") || !strings.Contains(got, "staff:k1 confirm_report") {
		t.Errorf("audit of report 2: %s", got)
	}
}

// Two staff deciding the same report at once: one wins, the other is told
// it is decided (the conflict is retried by store.DB.Update).
func TestResolveRace(t *testing.T) {
	_, svc := newEnv(t)
	ctx := context.Background()
	if _, err := svc.Submit(ctx, "public", similar()); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			_, err := svc.Resolve(ctx, "1", "staff:k", i%2 == 0, "")
			errs <- err
		}()
	}
	won := 0
	for i := 0; i < 8; i++ {
		switch err := <-errs; {
		case err == nil:
			won++
		case apperr.CodeOf(err) != apperr.CodeConflict:
			t.Errorf("loser: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d decisions won, want 1", won)
	}
}
