package lifecycle

import (
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

// draftedBy files a case, takes it past the answer and has drafter draft a
// dismissal.
func (e *env) draftedBy(drafter auth.Signer) *Dispute {
	e.t.Helper()
	e.clk.Set("2025-09-01")
	d, _, err := e.svc.File(bg, "public", fileIn())
	if err != nil {
		e.t.Fatal(err)
	}
	clerk := auth.Signer{KeyID: "clerk", Role: auth.RoleStaff, Holder: "周七", Dept: "登记注册科"}
	for _, step := range []func() (*Dispute, error){
		func() (*Dispute, error) { return e.svc.Accept(bg, clerk.Actor(), d.ID, "") },
		func() (*Dispute, error) { d, _, err := e.svc.Serve(bg, clerk.Actor(), d.ID, ""); return d, err },
		func() (*Dispute, error) { return e.svc.Answer(bg, PartyRespondent+":"+d.ID, d.ID, "不同意", nil) },
		func() (*Dispute, error) {
			return e.svc.DraftRuling(bg, drafter, d.ID, OutcomeDismissed, "两名称行业不同")
		},
	} {
		if d, err = step(); err != nil {
			e.t.Fatal(err)
		}
	}
	return d
}

func TestSignNeedsTwoHolders(t *testing.T) {
	e := newEnv(t, "2025-09-01")
	e.putRespondent()
	zhang1 := auth.Signer{KeyID: "z1", Role: auth.RoleStaff, Holder: "张三", Dept: "登记注册科"}
	zhang2 := auth.Signer{KeyID: "z2", Role: auth.RoleStaff, Holder: "张三", Dept: "信用监督管理科"}
	li := auth.Signer{KeyID: "l1", Role: auth.RoleStaff, Holder: "李四", Dept: "登记注册科"}
	admin := auth.Signer{KeyID: "ad", Role: auth.RoleAdmin}
	namedAdmin := auth.Signer{KeyID: "an", Role: auth.RoleAdmin, Holder: "赵六"}
	registrar := auth.Signer{KeyID: "r1", Role: auth.RoleRegistrar, Holder: "王五"}
	old1 := auth.Signer{KeyID: "o1", Role: auth.RoleStaff}
	old2 := auth.Signer{KeyID: "o2", Role: auth.RoleStaff}
	type refusal struct {
		by   auth.Signer
		code apperr.Code
		msg  string
	}
	cases := []struct {
		name        string
		drafter     auth.Signer
		legacyDraft bool // the draft was stored before drafts named their drafter
		refused     []refusal
		signer      auth.Signer
	}{
		{"same key", zhang1, false, []refusal{{zhang1, apperr.CodeConflict, "拟稿人"}}, li},
		{"same holder, another key", zhang1, false, []refusal{{zhang2, apperr.CodeConflict, "同一持有人"}}, li},
		{"admin", li, false, []refusal{{admin, apperr.CodeForbidden, "管理员"}, {namedAdmin, apperr.CodeForbidden, "管理员"}}, zhang2},
		{"registrar", li, false, []refusal{{registrar, apperr.CodeForbidden, "staff"}}, zhang1},
		{"keyless signer", li, false, []refusal{{auth.Signer{Role: auth.RoleStaff}, apperr.CodeForbidden, "staff"}}, old1},
		{"legacy keys", old1, false, []refusal{{old1, apperr.CodeConflict, "拟稿人"}}, old2},
		{"legacy drafter, named signer", old2, false, nil, zhang1},
		{"legacy draft record, same holder", zhang1, true, []refusal{{zhang1, apperr.CodeConflict, "拟稿人"}}, zhang2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := e.draftedBy(tc.drafter)
			if got := d.Draft.Signatures; len(got) != 1 || got[0] != tc.drafter {
				t.Fatalf("draft signatures %+v", got)
			}
			if tc.legacyDraft {
				// Drafts stored before they named their drafter know it by key only:
				// another key of the same holder is then a second signer.
				err := e.db.Update(func(tx *store.Tx) error {
					d, err := loadDispute(tx, d.ID)
					if err != nil {
						return err
					}
					d.Draft.Signatures = nil
					return tx.Put(disputeKey(d.ID), d)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range tc.refused {
				before := e.countAudit()
				_, err := e.svc.Sign(bg, r.by, d.ID)
				wantCode(t, err, r.code, r.msg)
				if e.countAudit() != before {
					t.Fatal("a refused signature wrote an audit entry")
				}
			}
			d, err := e.svc.Sign(bg, tc.signer, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if d.State != DspDismissed || strings.Join(d.Ruling.Signers, ",") != tc.drafter.Actor()+","+tc.signer.Actor() {
				t.Fatalf("ruling %+v", d.Ruling)
			}
			wantSigs := []auth.Signer{tc.drafter, tc.signer}
			if tc.legacyDraft {
				wantSigs[0] = auth.Signer{KeyID: tc.drafter.KeyID, Role: tc.drafter.Role}
			}
			if len(d.Ruling.Signatures) != 2 || d.Ruling.Signatures[0] != wantSigs[0] || d.Ruling.Signatures[1] != wantSigs[1] {
				t.Errorf("signatures %+v, want %+v", d.Ruling.Signatures, wantSigs)
			}
			last := d.Timeline[len(d.Timeline)-1]
			if last.Holder != tc.signer.Holder || last.Dept != tc.signer.Dept || last.Actor != tc.signer.Actor() {
				t.Errorf("timeline event %+v", last)
			}
		})
	}
	t.Run("admin does not draft", func(t *testing.T) {
		d := e.draftedBy(li)
		_, err := e.svc.DraftRuling(bg, admin, d.ID, OutcomeDismissed, "理由")
		wantCode(t, err, apperr.CodeForbidden, "管理员")
	})
}

// countAudit is the number of audit entries.
func (e *env) countAudit() int {
	e.t.Helper()
	n := 0
	err := e.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAudit, "", false, func(string, []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}
