package lifecycle

import (
	"context"
	"errors"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/credit"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// RegisterInput is what a registration system adds to a reservation when it
// registers the enterprise.
type RegisterInput struct {
	USCC         string    `json:"uscc"`
	IndustryCode string    `json:"industry_code"`
	EntType      string    `json:"ent_type"`
	Investors    *[]string `json:"investors"`
}

func normUSCC(code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !registry.ValidUSCC(code) {
		return "", apperr.Invalid("uscc %q 不是有效的统一社会信用代码（18 位，校验码须正确）", code)
	}
	return code, nil
}

// Register turns a reservation into a registered enterprise with its USCC.
func (s *Service) Register(ctx context.Context, actor, id string, in RegisterInput) (*NameRecord, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	var r *NameRecord
	var req name.Request
	var own string // the reservation's registry record
	beforeGrant("register")
	err = s.update(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = s.loadSettled(tx, id); err != nil {
			return err
		}
		before := r.clone()
		now := s.now()
		if err := r.apply(ActRegister, actor, now, "登记为企业 "+uscc); err != nil {
			return err
		}
		if err := s.usccFree(tx, uscc); err != nil {
			return err
		}
		own = r.RegistryID
		if err := s.release(tx, actor, r, "enterprise.register_reserved"); err != nil {
			return err
		}
		ein := registry.Input{
			Name: r.Name, USCC: uscc, Status: name.StatusActive, StatusDate: fmtDate(civil(now)), Established: fmtDate(civil(now)),
			IndustryCode: r.IndustryCode, AuthorityCode: r.AuthorityCode, EntType: r.EntType, Investors: r.Investors,
		}
		if in.IndustryCode != "" {
			ein.IndustryCode = in.IndustryCode
		}
		if in.EntType != "" {
			ein.EntType = in.EntType
		}
		if in.Investors != nil {
			ein.Investors = *in.Investors
		}
		req = name.Request{Name: r.Name, AuthorityCode: r.AuthorityCode, IndustryCode: ein.IndustryCode,
			EntType: ein.EntType, Investors: ein.Investors, ForeignInvested: r.ForeignInvested}
		if err := s.grant(tx, req, func(e *name.Existing) bool { return e.ID == own }); err != nil {
			return err
		}
		e, err := s.reg.PutTx(tx, actor, ein, registry.TxOptions{Action: "enterprise.register"})
		if err != nil {
			return err
		}
		r.USCC, r.RegistryID, r.RegisteredOn = uscc, e.ID, fmtDate(civil(now))
		r.IndustryCode, r.EntType, r.Investors = e.IndustryCode, e.EntType, e.Investors
		if err := tx.Put(usccKey(uscc), r.ID); err != nil {
			return err
		}
		if err := s.recordCommitment(tx, actor, r); err != nil {
			return err
		}
		return putName(tx, actor, ActRegister, before, r, "")
	})
	if err != nil {
		return nil, s.refused(ctx, err, req, nil, func(c name.Conflict) bool { return c.Owner() == "" && c.Name == req.Name })
	}
	return r, s.applyIndex(ctx)
}

// usccFree refuses a USCC that already names an enterprise.
func (s *Service) usccFree(tx *store.Tx, uscc string) error {
	var held string
	if err := tx.Get(usccKey(uscc), &held); err == nil {
		other, err := loadName(tx, held)
		if err != nil {
			return err
		}
		return apperr.Conflict("统一社会信用代码 %s 已登记为“%s”", uscc, other.Name)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	e, err := s.reg.GetTx(tx, uscc)
	if err == nil {
		return apperr.Conflict("统一社会信用代码 %s 已在登记系统中登记为“%s”", uscc, e.Name)
	}
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// current returns the enterprise's current name record. An enterprise the
// registry knows but the lifecycle does not (imported, or registered through
// POST /enterprises) is adopted: given a record in state registered, in tx.
// With adopt false nothing is written and an adoptable enterprise comes
// back as an unsaved record.
func (s *Service) current(tx *store.Tx, actor, uscc string, adopt bool) (*NameRecord, error) {
	var id string
	err := tx.Get(usccKey(uscc), &id)
	if err == nil {
		return loadName(tx, id)
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	e, err := s.reg.GetTx(tx, uscc)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到统一社会信用代码为 %s 的企业", uscc)
	}
	if err != nil {
		return nil, err
	}
	if e.Status != name.StatusActive {
		return nil, apperr.Conflict("统一社会信用代码为 %s 的企业在登记系统中的状态为 %s，不是存续企业", uscc, e.Status)
	}
	now := s.now()
	r := &NameRecord{
		Name: e.Name, Normalized: e.Normalized, TradeName: e.TradeName, Scope: e.Scope,
		AuthorityCode: e.AuthorityCode, IndustryCode: e.IndustryCode, EntType: e.EntType, Investors: e.Investors,
		Origin: OriginAdopted, USCC: uscc, RegistryID: e.ID, RegisteredOn: e.StatusDate, CreatedAt: now.UTC(),
	}
	if !adopt {
		r.State, r.StateLabel = NameRegistered, NameRegistered.Label()
		return r, nil
	}
	if r.ID, err = s.newNameID(); err != nil {
		return nil, err
	}
	note := "登记系统中已有的企业名称纳入名称管理"
	if err := r.apply(ActAdopt, actor, now, note); err != nil {
		return nil, err
	}
	if err := tx.Put(usccKey(uscc), r.ID); err != nil {
		return nil, err
	}
	return r, putName(tx, actor, ActAdopt, nil, r, note)
}

// recordCommitment writes to the credit file, once the reserved name is
// registered, the commitment the applicant accepted to use a name similar
// to an existing one (Reg 734 Art 16), with its evidence: the text, when
// it was accepted, the check it answered and the similar names.
func (s *Service) recordCommitment(tx *store.Tx, actor string, r *NameRecord) error {
	if r.Check == nil || r.Check.Commitment == nil {
		return nil
	}
	c := r.Check.Commitment
	details := map[string]string{
		"commitment_text": c.Text, "accepted_at": c.AcceptedAt.UTC().Format(time.RFC3339),
		"checked_at": r.Check.CheckedAt.UTC().Format(time.RFC3339), "name_record_id": r.ID,
	}
	var similar []string
	if r.Check.Result != nil {
		for _, x := range r.Check.Result.Similar {
			similar = append(similar, x.Name)
		}
		details["rules_version"] = r.Check.Result.RulesVersion
	}
	summary := "申请人承诺：“" + r.Name + "”与已登记名称相近，如侵犯他人合法权益，依法承担责任"
	if len(similar) > 0 {
		details["similar_names"] = strings.Join(similar, "、")
		summary += "（相近名称：" + strings.Join(similar, "、") + "）"
	}
	_, err := s.credit.RecordTx(tx, credit.Event{USCC: r.USCC, Kind: credit.KindCommitment, Date: r.RegisteredOn,
		Actor: credit.ActorOf(actor), Ref: r.ID, Summary: summary, Basis: "《企业名称登记管理规定》第十六条",
		Details: details})
	return err
}
