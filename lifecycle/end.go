package lifecycle

import (
	"context"
	"strings"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// Cancel records the cancellation (注销) of an enterprise; its name blocks
// identical names for one more year.
func (s *Service) Cancel(ctx context.Context, actor, uscc, reason string) (*NameRecord, error) {
	return s.end(ctx, actor, uscc, reason, ActCancel, name.StatusCancelled, "企业已注销")
}

// Revoke records the revocation (撤销) of an enterprise's registration; its
// name blocks identical names for one more year.
func (s *Service) Revoke(ctx context.Context, actor, uscc, reason string) (*NameRecord, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, apperr.Invalid("撤销登记须说明理由 reason")
	}
	return s.end(ctx, actor, uscc, reason, ActRevoke, name.StatusRevoked, "登记已撤销")
}

func (s *Service) end(ctx context.Context, actor, uscc, reason string, action NameAction, status, label string) (*NameRecord, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	if err := checkText("reason", reason, s.Limits.ShortRunes, false); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	var r *NameRecord
	err = s.update(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = s.current(tx, actor, uscc, true); err != nil {
			return err
		}
		if _, err := s.settle(tx, r, "system:clock"); err != nil {
			return err
		}
		before := r.clone()
		wasAbnormal := r.State == NameAbnormal
		now := s.now()
		note := label
		if reason != "" {
			note += "：" + reason
		}
		if err := r.apply(action, actor, now, note); err != nil {
			return err
		}
		ent, err := s.reg.GetTx(tx, uscc)
		if err != nil {
			return err
		}
		in := registry.InputOf(ent)
		in.Status, in.StatusDate = status, fmtDate(civil(now))
		if _, err := s.reg.PutTx(tx, actor, in, registry.TxOptions{Action: "enterprise." + string(action)}); err != nil {
			return err
		}
		if err := s.reg.SetMaskedTx(tx, actor, uscc, false); err != nil {
			return err
		}
		r.EndedOn, r.Reason = fmtDate(civil(now)), reason
		if wasAbnormal {
			if err := s.removeAbnormal(tx, actor, uscc, label); err != nil {
				return err
			}
		}
		return putName(tx, actor, action, before, r, note)
	})
	if err != nil {
		return nil, err
	}
	return r, s.applyIndex(ctx)
}
