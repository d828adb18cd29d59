package credit_test

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/config"
	"namescope/credit"
	"namescope/store"
)

// Every listing, removal and notice is a numbered document: the
// authority's prefix, the kind's code, the year of the decision and a
// yearly sequence of the kind, without gaps (a refused decision takes no
// number); each states its basis and the party's rights with their periods.
func TestDocumentNumbers(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	yes, no := true, false
	first, err := e.svc.List(bg, staff("登记注册科"), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2025-12-30"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.svc.List(bg, staff("登记注册科"), credit.ListInput{USCC: entB, Reason: "unreachable", Date: "2026-07-01"})
	if err != nil {
		t.Fatal(err)
	}
	// Refused (already listed on the ground): no number is used.
	if _, err := e.svc.List(bg, staff("登记注册科"), credit.ListInput{USCC: entB, Reason: "unreachable", Date: "2026-07-02"}); apperr.CodeOf(err) != apperr.CodeConflict {
		t.Fatalf("duplicate listing: %v", err)
	}
	third, err := e.svc.List(bg, staff("登记注册科"), credit.ListInput{USCC: entC, Reason: "unreachable", Date: "2026-07-03"})
	if err != nil {
		t.Fatal(err)
	}
	removed, err := e.svc.Remove(bg, staff("登记注册科"), second.ID, credit.RemoveInput{Reason: "已恢复联系", Date: "2026-07-10"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.NoticeSerious(bg, staff("执法稽查科"), credit.SeriousNoticeInput{USCC: entA, Criterion: credit.CriterionOther, Facts: "拒绝接受检查"})
	if err != nil {
		t.Fatal(err)
	}
	n2, err := e.svc.NoticeSerious(bg, staff("执法稽查科"), credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionOther, Facts: "拒绝接受检查"})
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set("2026-07-20")
	listed, err := e.svc.DecideSerious(bg, staff("执法稽查科"), n.ID, credit.SeriousDecisionInput{List: &yes, Reasons: "情节严重"})
	if err != nil {
		t.Fatal(err)
	}
	notListed, err := e.svc.DecideSerious(bg, staff("执法稽查科"), n2.ID, credit.SeriousDecisionInput{List: &no, Reasons: "已整改"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, id, number string
		kind             credit.DocKind
		public           bool
		rights           []string
	}{
		{"listing decided in 2025", first.DocumentID, "平市监信列〔2025〕第0001号", credit.DocAbnormalListing, true, []string{"60 日内提出", "60 日内", "6 个月内"}},
		{"first listing of 2026", second.DocumentID, "平市监信列〔2026〕第0001号", credit.DocAbnormalListing, true, []string{"行政复议", "行政诉讼"}},
		{"next listing after a refused one", third.DocumentID, "平市监信列〔2026〕第0002号", credit.DocAbnormalListing, true, nil},
		{"removal", removed.RemovalDocumentID, "平市监信移〔2026〕第0001号", credit.DocAbnormalRemoval, true, []string{"60 日内", "6 个月内"}},
		{"first notice", n.DocumentID, "平市监信告〔2026〕第0001号", credit.DocSeriousNotice, false, []string{"陈述、申辩", "2026-07-17"}},
		{"second notice", n2.DocumentID, "平市监信告〔2026〕第0002号", credit.DocSeriousNotice, false, nil},
		{"serious listing", listed.DecisionDocumentID, "平市监严列〔2026〕第0001号", credit.DocSeriousListing, true, []string{"60 日内", "6 个月内"}},
		{"not listed", notListed.DecisionDocumentID, "平市监严不列〔2026〕第0001号", credit.DocSeriousNotListed, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := e.svc.DocumentFor(bg, tc.id, "", true)
			if err != nil {
				t.Fatal(err)
			}
			if d.Number != tc.number || d.Kind != tc.kind || d.Public != tc.public || d.Issuer != "平顶山市市场监督管理局" ||
				d.Title != tc.kind.Title() || d.Basis == "" || d.Body == "" || d.TokenHash != "" {
				t.Fatalf("%+v", d)
			}
			for _, w := range tc.rights {
				if !strings.Contains(d.Rights, w) {
					t.Errorf("rights %q without %q", d.Rights, w)
				}
			}
		})
	}
	t.Run("numbers stored on the records", func(t *testing.T) {
		if second.DocumentNo != "平市监信列〔2026〕第0001号" || removed.RemovalDocumentNo != "平市监信移〔2026〕第0001号" ||
			n.DocumentNo != "平市监信告〔2026〕第0001号" || listed.DecisionDocumentNo != "平市监严列〔2026〕第0001号" {
			t.Fatalf("%s %s %s %s", second.DocumentNo, removed.RemovalDocumentNo, n.DocumentNo, listed.DecisionDocumentNo)
		}
	})
}

// Who reads a document: a published decision anyone; a notice or a
// refusal the party with its token, or staff.
func TestDocumentAccess(t *testing.T) {
	e := newEnv(t, "2026-07-10", nil)
	l, err := e.svc.List(bg, staff("登记注册科"), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-07-10"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.NoticeSerious(bg, staff("执法稽查科"), credit.SeriousNoticeInput{USCC: entB, Criterion: credit.CriterionOther, Facts: "拒绝接受检查"})
	if err != nil || n.PartyToken == "" || n.TokenHash != "" {
		t.Fatalf("%+v %v", n, err)
	}
	other, err := e.svc.ApplyRepair(bg, repairOf(entA, l.ID))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, id, token string
		staff           bool
		code            apperr.Code // "" when readable
	}{
		{"a listing decision to anyone", l.DocumentID, "", false, ""},
		{"a notice to its party", n.DocumentID, n.PartyToken, false, ""},
		{"a notice to staff", n.DocumentID, "", true, ""},
		{"a notice without a token", n.DocumentID, "", false, apperr.CodeUnauthorized},
		{"a notice with another party's token", n.DocumentID, other.Token, false, apperr.CodeForbidden},
		{"an unknown document", "CD99999999", "", true, apperr.CodeNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := e.svc.DocumentFor(bg, tc.id, tc.token, tc.staff)
			if tc.code == "" {
				if err != nil || d.ID != tc.id {
					t.Fatalf("%+v %v", d, err)
				}
				return
			}
			wantCode(t, err, tc.code)
		})
	}
	t.Run("a repair decision goes to the applicant", func(t *testing.T) {
		yes := true
		r, err := e.svc.DecideRepair(bg, staff("登记注册科"), other.ID, credit.RepairDecisionInput{Approve: &yes, Reasons: "已恢复联系"})
		if err != nil || r.DocumentNo != "平市监信修〔2026〕第0001号" {
			t.Fatalf("%+v %v", r, err)
		}
		d, err := e.svc.DocumentFor(bg, r.DocumentID, other.Token, false)
		if err != nil || d.Kind != credit.DocRepairDecision || !strings.Contains(d.Body, "准予信用修复") {
			t.Fatalf("%+v %v", d, err)
		}
		_, err = e.svc.DocumentFor(bg, r.DocumentID, n.PartyToken, false)
		wantCode(t, err, apperr.CodeForbidden)
	})
}

// The periods the documents state follow config.Credit; the prefix the
// issuer's.
func TestDocumentConfigured(t *testing.T) {
	e := newEnv(t, "2026-07-10", func(c *config.Config) { c.Credit.ReviewDays, c.Credit.LitigationMonths = 90, 12 })
	e.svc.SetIssuer("郑州市市场监督管理局", "郑市监")
	l, err := e.svc.List(bg, staff(""), credit.ListInput{USCC: entA, Reason: "unreachable", Date: "2026-07-10"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.svc.DocumentFor(bg, l.DocumentID, "", false)
	if err != nil || d.Number != "郑市监信列〔2026〕第0001号" || d.Issuer != "郑州市市场监督管理局" ||
		!strings.Contains(d.Rights, "90 日内") || !strings.Contains(d.Rights, "12 个月内") {
		t.Fatalf("%+v %v", d, err)
	}
	var count int
	if err := e.db.View(func(tx *store.Tx) error {
		return tx.Keys(store.PrefixCreditDocCounter, func(string) error { count++; return nil })
	}); err != nil || count != 1 {
		t.Fatalf("%d counters, %v", count, err)
	}
}
