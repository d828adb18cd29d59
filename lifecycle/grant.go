package lifecycle

import (
	"context"
	"errors"
	"slices"
	"time"

	"namescope/name"
	"namescope/store"
)

// Every grant of a name — a reservation, the registration of a reserved
// name, a name declared directly with a change — is decided inside the
// badger transaction that writes it, on every record filed under the
// name's scope and 字号: the check before the transaction is advice to the
// applicant, this is the guarantee. Two grants of the same 字号 at the same
// moment both touch the 字号's guard, so one of them conflicts at commit
// and is run again by the store; it then sees the other's record.

// grantRefusal is Art 17 refusing a grant inside its transaction; the
// caller turns it into the RefusedError a sequential request would get.
type grantRefusal struct {
	findings []name.Finding // the identical-name findings at the commit
}

func (g *grantRefusal) Error() string { return "identical name granted meanwhile" }

// testHookBeforeGrant, when set (tests), runs after a grant's check and
// before its transaction: a test forces the interleaving of two grants.
var testHookBeforeGrant func(op string)

func beforeGrant(op string) {
	if h := testHookBeforeGrant; h != nil {
		h(op)
	}
}

// grant applies Art 17 in tx to the name of req, against every record of
// the scope filed under the 字号 except those skip names (the grant's own
// records). It returns a *grantRefusal when an identical name counts.
func (s *Service) grant(tx *store.Tx, req name.Request, skip func(*name.Existing) bool) error {
	p := name.Parse(req.Name)
	scope, err := req.Validate()
	if err != nil {
		return err
	}
	cands, err := s.reg.SameTradeNameTx(tx, scope, p.TradeName)
	if err != nil {
		return err
	}
	cands = slices.DeleteFunc(cands, func(e name.Existing) bool { return skip != nil && skip(&e) })
	fs, err := s.checker.IdenticalFindings(req, cands)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.Severity == name.Block {
			return &grantRefusal{findings: fs}
		}
	}
	return nil
}

// refused turns a grant refused in its transaction into the answer a
// sequential request gets: the check (res, or a fresh one when the
// operation had none), its identical-name findings replaced by those
// decided at the commit, and the refusal of gate.
func (s *Service) refused(ctx context.Context, err error, req name.Request, res *name.Result, self func(name.Conflict) bool) error {
	var g *grantRefusal
	if !errors.As(err, &g) {
		return err
	}
	if res == nil {
		var cerr error
		if res, cerr = s.checker.Check(ctx, req); cerr != nil {
			return wrap(cerr)
		}
	}
	merged := *res
	merged.Findings = nil
	for _, f := range res.Findings {
		if f.Code != "identical_name" && f.Code != "identical_name_investor_exempt" {
			merged.Findings = append(merged.Findings, f)
		}
	}
	merged.Findings = append(merged.Findings, g.findings...)
	if self != nil {
		merged.Similar = slices.DeleteFunc(slices.Clone(res.Similar), func(x name.Similar) bool {
			return self(x.Conflict())
		})
	}
	slices.SortStableFunc(merged.Findings, func(a, b name.Finding) int {
		return severityRank(b.Severity) - severityRank(a.Severity)
	})
	merged.Verdict = name.Pass
	for _, f := range merged.Findings {
		if severityRank(f.Severity) > severityRank(merged.Verdict) {
			merged.Verdict = f.Severity
		}
	}
	_, gerr := gate(&merged, Declaration{}, time.Time{})
	return gerr
}
