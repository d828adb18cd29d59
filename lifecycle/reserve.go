package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// ReserveInput is a name an applicant declares and wants reserved.
type ReserveInput struct {
	Name            string   `json:"name"`
	AuthorityCode   string   `json:"authority_code"`
	IndustryCode    string   `json:"industry_code"`
	EntType         string   `json:"ent_type"`
	Investors       []string `json:"investors"`
	ForeignInvested bool     `json:"foreign_invested"`
	Applicant       string   `json:"applicant"`
	Contact         string   `json:"contact"`
	ScopeCodes      []string `json:"scope_codes"`
	PreApproval     bool     `json:"pre_approval"`
	Declaration
}

func checkText(field, v string, max int, required bool) error {
	v = strings.TrimSpace(v)
	switch {
	case required && v == "":
		return apperr.Invalid("%s 不能为空", field)
	case !utf8.ValidString(v):
		return apperr.Invalid("%s 不是有效的 UTF-8 文本", field)
	case utf8.RuneCountInString(v) > max:
		return apperr.Invalid("%s 过长：最多 %d 个字符", field, max)
	}
	// Bidi overrides and other invisible characters would make what staff
	// read differ from what was sent.
	if pos, r, ok := dict.FirstIgnorable(v); ok {
		return apperr.Invalid("%s 第 %d 个字符（U+%04X）是不可见的格式字符，请删除后重新输入", field, pos, r)
	}
	return nil
}

// Reserve runs the full check on the name and reserves it: 2 months, or 1
// year when the reservation needs approval before registration. It returns
// the record and the applicant's token (shown once). A block, or a warning
// or approval finding without the applicant's declaration, is refused with
// a *RefusedError carrying the check.
func (s *Service) Reserve(ctx context.Context, actor string, in ReserveInput) (*NameRecord, string, error) {
	return s.reserve(ctx, actor, in, nil)
}

func (s *Service) reserve(ctx context.Context, actor string, in ReserveInput, idem *idemWrite) (*NameRecord, string, error) {
	if err := checkText("applicant（申请人）", in.Applicant, 100, true); err != nil {
		return nil, "", err
	}
	if err := checkText("contact", in.Contact, 100, false); err != nil {
		return nil, "", err
	}
	if len(in.ScopeCodes) > 50 {
		return nil, "", apperr.Invalid("scope_codes 最多 50 项")
	}
	var codes []string
	for _, c := range in.ScopeCodes {
		c = strings.TrimSpace(c)
		if c == "" || len(c) > 40 || !utf8.ValidString(c) {
			return nil, "", apperr.Invalid("scope_codes 中的经营范围代码 %q 无效", c)
		}
		codes = append(codes, c)
	}
	req := name.Request{
		Name: in.Name, AuthorityCode: in.AuthorityCode, IndustryCode: in.IndustryCode,
		EntType: in.EntType, Investors: in.Investors, ForeignInvested: in.ForeignInvested,
	}
	res, err := s.checker.Check(ctx, req)
	if err != nil {
		return nil, "", wrap(err)
	}
	now := s.now()
	ev, err := gate(res, in.Declaration, now)
	if err != nil {
		return nil, "", err
	}
	industry := strings.TrimSpace(in.IndustryCode)
	if industry == "" {
		if p := res.Parsed(); p != nil && p.HasIndustry() {
			industry = p.NameIndustry.String()
		} else {
			return nil, "", apperr.Invalid("名称未使用可识别的行业表述，请提供主营行业代码 industry_code（GB/T 4754-2017）")
		}
	}
	pre := in.PreApproval
	if !pre && s.PreApproval != nil && len(codes) > 0 {
		if pre, err = s.PreApproval(ctx, codes); err != nil {
			return nil, "", wrap(err)
		}
	}
	months := ReservationMonths
	if pre {
		months = ReservationMonthsPreApproval
	}
	today := civil(now)
	until := today.AddDate(0, months, 0)
	req.IndustryCode = industry
	var rec *NameRecord
	var token string
	beforeGrant("reserve")
	err = s.update(ctx, func(tx *store.Tx) error {
		id, err := s.newNameID()
		if err != nil {
			return err
		}
		who := actor
		if who == "" || who == "public" {
			who = PartyApplicant + ":" + id
		}
		var held string
		switch err := tx.Get(nameLockKey(res.Scope, res.Normalized), &held); {
		case err == nil:
			other, err := loadName(tx, held)
			if err != nil {
				return err
			}
			if _, err := s.settle(tx, other, "system:clock"); err != nil {
				return err
			}
			if other.State == NameReserved {
				return apperr.Conflict("名称“%s”已被保留至 %s；同一登记机关辖区内同一名称同一时间只能保留一次", other.Name, other.ReservedUntil)
			}
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if err := s.grant(tx, req, nil); err != nil {
			return err
		}
		e, err := s.reg.PutTx(tx, who, registry.Input{
			Name: res.Normalized, Status: name.StatusReserved, StatusDate: fmtDate(today),
			IndustryCode: industry, AuthorityCode: in.AuthorityCode, EntType: in.EntType, Investors: in.Investors,
		}, registry.TxOptions{ReservedUntil: fmtDate(until), Action: "enterprise.reserve"})
		if err != nil {
			return err
		}
		rec = &NameRecord{
			ID: id, Name: e.Name, Normalized: e.Normalized, TradeName: e.TradeName, Scope: e.Scope,
			AuthorityCode: e.AuthorityCode, IndustryCode: e.IndustryCode, EntType: e.EntType, Investors: e.Investors,
			ForeignInvested: in.ForeignInvested, Origin: OriginReservation, RegistryID: e.ID,
			Applicant: strings.TrimSpace(in.Applicant), Contact: strings.TrimSpace(in.Contact),
			ScopeCodes: codes, PreApproval: pre, ReservedOn: fmtDate(today), ReservedUntil: fmtDate(until),
			Check: ev, CreatedAt: now.UTC(),
		}
		note := fmt.Sprintf("保留期 %d 个月，至 %s", months, rec.ReservedUntil)
		if err := rec.apply(ActReserve, who, now, note); err != nil {
			return err
		}
		if err := tx.Put(nameLockKey(rec.Scope, rec.Normalized), rec.ID); err != nil {
			return err
		}
		if err := idem.record(tx, rec.ID, now); err != nil {
			return err
		}
		if err := putName(tx, who, ActReserve, nil, rec, note); err != nil {
			return err
		}
		token, err = s.issueToken(tx, who, TokenRef{Kind: KindReservation, ID: rec.ID, Party: PartyApplicant, CreatedAt: now.UTC()})
		return err
	})
	if err != nil {
		return nil, "", s.refused(ctx, err, req, res, nil)
	}
	return rec, token, s.applyIndex(ctx)
}

// settle applies the transitions that time alone causes: a reservation past
// its last day is released; an order to change a name past its last day
// lists the enterprise as abnormal. It reports whether it changed r.
func (s *Service) settle(tx *store.Tx, r *NameRecord, actor string) (bool, error) {
	now := s.now()
	today := civil(now)
	switch r.State {
	case NameReserved:
		until := parseDate(r.ReservedUntil)
		if !today.After(until) {
			return false, nil
		}
		before := r.clone()
		note := fmt.Sprintf("保留期已于 %s 届满，未办理登记，名称释放", r.ReservedUntil)
		if err := r.apply(ActExpire, actor, now, note); err != nil {
			return false, err
		}
		r.EndedOn = fmtDate(until.AddDate(0, 0, 1))
		if err := s.release(tx, actor, r, "enterprise.release"); err != nil {
			return false, err
		}
		return true, putName(tx, actor, ActExpire, before, r, note)
	case NameOrdered:
		if r.Order == nil || !today.After(parseDate(r.Order.ChangeDue)) {
			return false, nil
		}
		return true, s.flagAbnormal(tx, r, actor, now)
	}
	return false, nil
}

// due reports whether settle would change r today.
func (s *Service) due(r *NameRecord) bool {
	today := s.today()
	switch r.State {
	case NameReserved:
		return today.After(parseDate(r.ReservedUntil))
	case NameOrdered:
		return r.Order != nil && today.After(parseDate(r.Order.ChangeDue))
	}
	return false
}

// release drops a reservation's registry record and its name lock.
func (s *Service) release(tx *store.Tx, actor string, r *NameRecord, action string) error {
	if r.RegistryID != "" {
		if err := s.reg.DeleteTx(tx, actor, r.RegistryID, action); err != nil {
			return err
		}
		r.RegistryID = ""
	}
	var held string
	err := tx.Get(nameLockKey(r.Scope, r.Normalized), &held)
	if err == nil && held == r.ID {
		return tx.Delete(nameLockKey(r.Scope, r.Normalized))
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// GetName returns a name record, settled to today.
func (s *Service) GetName(ctx context.Context, id string) (*NameRecord, error) {
	var r *NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		r, err = loadName(tx, id)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	if !s.due(r) {
		return r, nil
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		var err error
		r, err = s.loadSettled(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, s.applyIndex(ctx)
}

// Withdraw ends a reservation at the applicant's (or staff's) request: the
// name is released at once.
func (s *Service) Withdraw(ctx context.Context, actor, id, reason string) (*NameRecord, error) {
	if err := checkText("reason", reason, s.Limits.ShortRunes, false); err != nil {
		return nil, err
	}
	var r *NameRecord
	err := s.update(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = s.loadSettled(tx, id); err != nil {
			return err
		}
		before := r.clone()
		now := s.now()
		note := "申请人撤回名称保留"
		if reason = strings.TrimSpace(reason); reason != "" {
			note += "：" + reason
		}
		if err := r.apply(ActWithdraw, actor, now, note); err != nil {
			return err
		}
		r.EndedOn, r.Reason = fmtDate(civil(now)), reason
		if err := s.release(tx, actor, r, "enterprise.withdraw"); err != nil {
			return err
		}
		return putName(tx, actor, ActWithdraw, before, r, note)
	})
	if err != nil {
		return nil, err
	}
	return r, s.applyIndex(ctx)
}
