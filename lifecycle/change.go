package lifecycle

import (
	"context"
	"fmt"
	"strings"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// ChangeInput is a name change: either a reservation of the new name, or
// the new name declared directly with its check declaration.
type ChangeInput struct {
	ReservationID   string    `json:"reservation_id"`
	Name            string    `json:"name"`
	IndustryCode    string    `json:"industry_code"`
	EntType         string    `json:"ent_type"`
	Investors       *[]string `json:"investors"`
	ForeignInvested bool      `json:"foreign_invested"`
	Reason          string    `json:"reason"`
	Declaration
}

// ChangeResult is the old and the new name record of a name change.
type ChangeResult struct {
	Old *NameRecord `json:"old"`
	New *NameRecord `json:"new"`
}

// ChangeName registers a new name for an enterprise. The old name stays in
// the registry as a cancelled record dated today, so it blocks identical
// names for one year (Reg 734 Art 17(2)); an abnormal-list entry caused by
// an unheeded order is removed (Art 23).
func (s *Service) ChangeName(ctx context.Context, actor, uscc string, in ChangeInput) (*ChangeResult, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	in.ReservationID, in.Name = strings.TrimSpace(in.ReservationID), strings.TrimSpace(in.Name)
	if (in.ReservationID == "") == (in.Name == "") {
		return nil, apperr.Invalid("请提供新名称的保留编号 reservation_id，或直接申报的新名称 name（二选一）")
	}
	if err := checkText("reason", in.Reason, s.Limits.ShortRunes, false); err != nil {
		return nil, err
	}
	var direct *NameRecord
	var checked *name.Result
	if in.Name != "" {
		if direct, checked, err = s.declareDirect(ctx, uscc, in); err != nil {
			return nil, err
		}
	}
	var out ChangeResult
	var req name.Request
	beforeGrant("change_name")
	err = s.update(ctx, func(tx *store.Tx) error {
		cur, err := s.current(tx, actor, uscc, true)
		if err != nil {
			return err
		}
		if _, err := s.settle(tx, cur, "system:clock"); err != nil {
			return err
		}
		oldBefore := cur.clone()
		wasAbnormal := cur.State == NameAbnormal
		ordered := cur.State == NameOrdered || wasAbnormal
		now := s.now()
		today := civil(now)
		if _, err := NextNameState(cur.State, ActChangeName); err != nil {
			return cur.named(err)
		}
		var nr, newBefore *NameRecord
		if direct != nil {
			nr = direct.clone()
			if nr.ID, err = s.newNameID(); err != nil {
				return err
			}
		} else {
			if nr, err = loadName(tx, in.ReservationID); err != nil {
				return err
			}
			if _, err := s.settle(tx, nr, "system:clock"); err != nil {
				return err
			}
			newBefore = nr.clone()
			if _, err := NextNameState(nr.State, ActRegister); err != nil {
				return nr.named(err)
			}
			if nr.Scope != cur.Scope {
				return apperr.Invalid("保留名称“%s”属于另一登记机关辖区，不能用于本企业的名称变更", nr.Name)
			}
		}
		if nr.Normalized == cur.Normalized {
			return apperr.Conflict("新名称与现名称“%s”相同，无需变更", cur.Name)
		}
		if ordered && nr.TradeName == cur.TradeName {
			return apperr.Conflict("“%s”已被责令停止使用，变更后的名称不得继续使用原字号“%s”", cur.Name, cur.TradeName)
		}
		note := fmt.Sprintf("名称由“%s”变更为“%s”", cur.Name, nr.Name)
		if err := nr.apply(ActRegister, actor, now, note); err != nil {
			return err
		}
		if err := cur.apply(ActChangeName, actor, now, note); err != nil {
			return err
		}
		if err := s.release(tx, actor, nr, "enterprise.register_reserved"); err != nil {
			return err
		}
		ent, err := s.reg.GetTx(tx, uscc)
		if err != nil {
			return err
		}
		// The old name, kept as a cancelled record of the enterprise.
		formerIn := registry.InputOf(ent)
		formerIn.Status, formerIn.StatusDate = name.StatusCancelled, fmtDate(today)
		former, err := s.reg.PutTx(tx, actor, formerIn, registry.TxOptions{Former: true, Action: "enterprise.former_name"})
		if err != nil {
			return err
		}
		// The enterprise's record under the new name: the new name's industry,
		// and its type and investors unless the new declaration names others.
		newIn := registry.InputOf(ent)
		newIn.Name, newIn.IndustryCode = nr.Name, nr.IndustryCode
		if nr.EntType != "" {
			newIn.EntType = nr.EntType
		}
		if len(nr.Investors) > 0 {
			newIn.Investors = nr.Investors
		}
		nr.EntType, nr.Investors = newIn.EntType, newIn.Investors
		req = name.Request{Name: nr.Name, AuthorityCode: nr.AuthorityCode, IndustryCode: nr.IndustryCode,
			EntType: nr.EntType, Investors: nr.Investors, ForeignInvested: nr.ForeignInvested}
		own := newBefore.registryID()
		err = s.grant(tx, req, func(e *name.Existing) bool { return e.USCC == uscc || (own != "" && e.ID == own) })
		if err != nil {
			return err
		}
		e, err := s.reg.PutTx(tx, actor, newIn, registry.TxOptions{Action: "enterprise.change_name"})
		if err != nil {
			return err
		}
		// The new name is public again (an order, if any, is now obeyed).
		if err := s.reg.SetMaskedTx(tx, actor, e.ID, false); err != nil {
			return err
		}
		cur.EndedOn, cur.ReplacedBy, cur.RegistryID, cur.Reason = fmtDate(today), nr.ID, former.ID, strings.TrimSpace(in.Reason)
		nr.USCC, nr.RegistryID, nr.RegisteredOn, nr.Replaces = uscc, e.ID, fmtDate(today), cur.ID
		if err := tx.Put(usccKey(uscc), nr.ID); err != nil {
			return err
		}
		if wasAbnormal {
			if err := s.removeAbnormal(tx, actor, uscc, "已办理名称变更登记（"+note+"）"); err != nil {
				return err
			}
		}
		if err := putName(tx, actor, ActChangeName, oldBefore, cur, note); err != nil {
			return err
		}
		if err := putName(tx, actor, ActRegister, newBefore, nr, note); err != nil {
			return err
		}
		out = ChangeResult{Old: cur, New: nr}
		return nil
	})
	if err != nil {
		self := func(c name.Conflict) bool { return c.Owner() == uscc || (c.Owner() == "" && c.Name == req.Name) }
		if checked != nil {
			excludeSelf(checked, uscc)
		}
		return nil, wrap(s.refused(ctx, err, req, checked, self))
	}
	return &out, s.applyIndex(ctx)
}

// registryID is the registry record of a reservation (nil: none).
func (r *NameRecord) registryID() string {
	if r == nil {
		return ""
	}
	return r.RegistryID
}

// declareDirect checks a new name declared with a name change (without a
// reservation) and returns its unsaved record.
func (s *Service) declareDirect(ctx context.Context, uscc string, in ChangeInput) (*NameRecord, *name.Result, error) {
	var cur *NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		cur, err = s.current(tx, "", uscc, false)
		return err
	})
	if err != nil {
		return nil, nil, wrap(err)
	}
	req := name.Request{
		Name: in.Name, AuthorityCode: cur.AuthorityCode, IndustryCode: cur.IndustryCode, EntType: cur.EntType,
		Investors: cur.Investors, ForeignInvested: in.ForeignInvested,
	}
	if in.IndustryCode != "" {
		req.IndustryCode = in.IndustryCode
	}
	if in.EntType != "" {
		req.EntType = in.EntType
	}
	if in.Investors != nil {
		req.Investors = *in.Investors
	}
	res, err := s.checker.Check(ctx, req)
	if err != nil {
		return nil, nil, wrap(err)
	}
	excludeSelf(res, uscc)
	now := s.now()
	ev, err := gate(res, in.Declaration, now)
	if err != nil {
		return nil, nil, err
	}
	p := name.Parse(res.Normalized)
	return &NameRecord{
		Name: res.Normalized, Normalized: res.Normalized, TradeName: p.TradeName, Scope: res.Scope,
		AuthorityCode: req.AuthorityCode, IndustryCode: req.IndustryCode, EntType: req.EntType, Investors: req.Investors,
		ForeignInvested: in.ForeignInvested, Origin: OriginDirect, Check: ev, CreatedAt: now.UTC(),
	}, res, nil
}
