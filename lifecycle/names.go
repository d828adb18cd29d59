package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// Reservation periods (Reg 734 Art 18).
const (
	ReservationMonths            = 2  // a declared name
	ReservationMonthsPreApproval = 12 // when establishment or a scope item needs approval first
	// ChangeDays is how long an enterprise ordered to stop using its name has
	// to change it (Reg 734 Art 23).
	ChangeDays = 30
)

// Name record origins.
const (
	OriginReservation = "reservation" // self-declared and reserved
	OriginDirect      = "direct"      // declared directly with a name change
	OriginAdopted     = "adopted"     // registered before, taken into the lifecycle on first use
)

// Transition is one step of a name's history.
type Transition struct {
	At     time.Time  `json:"at"`
	Date   string     `json:"date"`
	Actor  string     `json:"actor"`
	Action NameAction `json:"action"`
	From   NameState  `json:"from"`
	To     NameState  `json:"to"`
	Note   string     `json:"note,omitempty"`
}

// ChangeOrder is an order to stop using a name (Reg 734 Art 23).
type ChangeOrder struct {
	DisputeID string `json:"dispute_id"`
	OrderedOn string `json:"ordered_on"`
	ChangeDue string `json:"change_due"` // last day to file the name change
	Rule      string `json:"rule"`
}

// NameRecord is one name through its lifecycle: reserved, registered,
// ordered to change, changed, cancelled or revoked.
type NameRecord struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Normalized      string         `json:"normalized"`
	TradeName       string         `json:"trade_name"`
	Scope           string         `json:"scope"`
	AuthorityCode   string         `json:"authority_code"`
	IndustryCode    string         `json:"industry_code"`
	EntType         string         `json:"ent_type,omitempty"`
	Investors       []string       `json:"investors,omitempty"`
	ForeignInvested bool           `json:"foreign_invested,omitempty"`
	State           NameState      `json:"state"`
	StateLabel      string         `json:"state_label"`
	Origin          string         `json:"origin"`
	USCC            string         `json:"uscc,omitempty"`
	RegistryID      string         `json:"registry_id,omitempty"` // the registry record that makes the name count in checks
	Applicant       string         `json:"applicant,omitempty"`
	Contact         string         `json:"contact,omitempty"`
	ScopeCodes      []string       `json:"scope_codes,omitempty"`
	PreApproval     bool           `json:"pre_approval"`
	ReservedOn      string         `json:"reserved_on,omitempty"`
	ReservedUntil   string         `json:"reserved_until,omitempty"` // last day of the reservation
	RegisteredOn    string         `json:"registered_on,omitempty"`
	Check           *CheckEvidence `json:"check,omitempty"`
	Order           *ChangeOrder   `json:"order,omitempty"`
	AbnormalOn      string         `json:"abnormal_on,omitempty"`
	EndedOn         string         `json:"ended_on,omitempty"`
	Reason          string         `json:"reason,omitempty"`
	Replaces        string         `json:"replaces,omitempty"`    // the enterprise's previous name record
	ReplacedBy      string         `json:"replaced_by,omitempty"` // the enterprise's next name record
	History         []Transition   `json:"history"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// named prefixes a refusal with the name it is about.
func (r *NameRecord) named(err error) error {
	var ae *apperr.Error
	if r.Name != "" && errors.As(err, &ae) {
		ae.Message = "“" + r.Name + "”：" + ae.Message
	}
	return err
}

func (r *NameRecord) clone() *NameRecord {
	c := *r
	c.History = slices.Clone(r.History)
	c.Investors = slices.Clone(r.Investors)
	c.ScopeCodes = slices.Clone(r.ScopeCodes)
	if r.Order != nil {
		o := *r.Order
		c.Order = &o
	}
	return &c
}

// apply moves the record by action, or refuses with the state and action.
func (r *NameRecord) apply(action NameAction, actor string, at time.Time, note string) error {
	to, err := NextNameState(r.State, action)
	if err != nil {
		return r.named(err)
	}
	r.History = append(r.History, Transition{
		At: at.UTC(), Date: fmtDate(civil(at)), Actor: actor, Action: action, From: r.State, To: to, Note: note,
	})
	r.State, r.StateLabel = to, to.Label()
	r.UpdatedAt = at.UTC()
	return nil
}

// putName writes the record and its audit entry.
func putName(tx *store.Tx, actor string, action NameAction, before, after *NameRecord, note string) error {
	if err := tx.Put(nameKey(after.ID), after); err != nil {
		return err
	}
	entry := AuditEntry{At: after.UpdatedAt, Actor: actor, Action: "name." + string(action), Object: auditObjectName + after.ID, After: after, Note: note}
	if before != nil {
		entry.Before = before
	}
	return tx.Audit(entry)
}

func loadName(tx *store.Tx, id string) (*NameRecord, error) {
	var r NameRecord
	err := tx.Get(nameKey(id), &r)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到编号为 %s 的名称记录", id)
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func (s *Service) newNameID() (string, error) {
	seq, err := s.db.Next(sequenceName)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("R%010d", seq), nil
}

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
	return nil
}

// Reserve runs the full check on the name and reserves it: 2 months, or 1
// year when the reservation needs approval before registration. It returns
// the record and the applicant's token (shown once). A block, or a warning
// or approval finding without the applicant's declaration, is refused with
// a *RefusedError carrying the check.
func (s *Service) Reserve(ctx context.Context, actor string, in ReserveInput) (*NameRecord, string, error) {
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
	res, err := s.checker.Check(ctx, name.Request{
		Name: in.Name, AuthorityCode: in.AuthorityCode, IndustryCode: in.IndustryCode,
		EntType: in.EntType, Investors: in.Investors, ForeignInvested: in.ForeignInvested,
	})
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
	var rec *NameRecord
	var token string
	err = s.update(func(tx *store.Tx) error {
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
		if err := putName(tx, who, ActReserve, nil, rec, note); err != nil {
			return err
		}
		token, err = s.issueToken(tx, who, TokenRef{Kind: KindReservation, ID: rec.ID, Party: PartyApplicant, CreatedAt: now.UTC()})
		return err
	})
	if err != nil {
		return nil, "", err
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
	err = s.update(func(tx *store.Tx) error {
		var err error
		if r, err = loadName(tx, id); err != nil {
			return err
		}
		_, err = s.settle(tx, r, "system:clock")
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
	err := s.update(func(tx *store.Tx) error {
		var err error
		if r, err = loadName(tx, id); err != nil {
			return err
		}
		if _, err := s.settle(tx, r, "system:clock"); err != nil {
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
	err = s.update(func(tx *store.Tx) error {
		var err error
		if r, err = loadName(tx, id); err != nil {
			return err
		}
		if _, err := s.settle(tx, r, "system:clock"); err != nil {
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
		if err := s.release(tx, actor, r, "enterprise.register_reserved"); err != nil {
			return err
		}
		ein := registry.Input{
			Name: r.Name, USCC: uscc, Status: name.StatusActive, StatusDate: fmtDate(civil(now)),
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
		e, err := s.reg.PutTx(tx, actor, ein, registry.TxOptions{Action: "enterprise.register"})
		if err != nil {
			return err
		}
		r.USCC, r.RegistryID, r.RegisteredOn = uscc, e.ID, fmtDate(civil(now))
		r.IndustryCode, r.EntType, r.Investors = e.IndustryCode, e.EntType, e.Investors
		if err := tx.Put(usccKey(uscc), r.ID); err != nil {
			return err
		}
		return putName(tx, actor, ActRegister, before, r, "")
	})
	if err != nil {
		return nil, err
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
	if in.Name != "" {
		if direct, err = s.declareDirect(ctx, uscc, in); err != nil {
			return nil, err
		}
	}
	var out ChangeResult
	err = s.update(func(tx *store.Tx) error {
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
		e, err := s.reg.PutTx(tx, actor, newIn, registry.TxOptions{Action: "enterprise.change_name"})
		if err != nil {
			return err
		}
		cur.EndedOn, cur.ReplacedBy, cur.RegistryID, cur.Reason = fmtDate(today), nr.ID, former.ID, strings.TrimSpace(in.Reason)
		nr.USCC, nr.RegistryID, nr.RegisteredOn, nr.Replaces = uscc, e.ID, fmtDate(today), cur.ID
		if err := tx.Put(usccKey(uscc), nr.ID); err != nil {
			return err
		}
		if wasAbnormal {
			if err := s.removeAbnormal(tx, actor, uscc, "已办理名称变更登记（"+note+"）", now); err != nil {
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
		return nil, wrap(err)
	}
	return &out, s.applyIndex(ctx)
}

// declareDirect checks a new name declared with a name change (without a
// reservation) and returns its unsaved record.
func (s *Service) declareDirect(ctx context.Context, uscc string, in ChangeInput) (*NameRecord, error) {
	var cur *NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		cur, err = s.current(tx, "", uscc, false)
		return err
	})
	if err != nil {
		return nil, wrap(err)
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
		return nil, wrap(err)
	}
	excludeSelf(res, uscc)
	now := s.now()
	ev, err := gate(res, in.Declaration, now)
	if err != nil {
		return nil, err
	}
	p := name.Parse(res.Normalized)
	return &NameRecord{
		Name: res.Normalized, Normalized: res.Normalized, TradeName: p.TradeName, Scope: res.Scope,
		AuthorityCode: req.AuthorityCode, IndustryCode: req.IndustryCode, EntType: req.EntType, Investors: req.Investors,
		ForeignInvested: in.ForeignInvested, Origin: OriginDirect, Check: ev, CreatedAt: now.UTC(),
	}, nil
}

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
	err = s.update(func(tx *store.Tx) error {
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
		r.EndedOn, r.Reason = fmtDate(civil(now)), reason
		if wasAbnormal {
			if err := s.removeAbnormal(tx, actor, uscc, label, now); err != nil {
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

// orderChange puts the disputed name under an order to stop using it. It
// returns a note when the order does not apply (the name already changed or
// ended), and the order otherwise.
func (s *Service) orderChange(tx *store.Tx, actor, uscc, nameID, disputeID string, now time.Time) (*ChangeOrder, string, error) {
	r, err := s.current(tx, actor, uscc, true)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.settle(tx, r, "system:clock"); err != nil {
		return nil, "", err
	}
	if r.ID != nameID {
		return nil, fmt.Sprintf("被申请人已不再使用争议名称（现名称“%s”），无需责令变更", r.Name), nil
	}
	if _, err := NextNameState(r.State, ActOrderChange); err != nil {
		return nil, fmt.Sprintf("争议名称当前状态为“%s”，不再责令变更", r.State.Label()), nil
	}
	before := r.clone()
	today := civil(now)
	due := s.Calendar().RollForward(today.AddDate(0, 0, ChangeDays))
	r.Order = &ChangeOrder{DisputeID: disputeID, OrderedOn: fmtDate(today), ChangeDue: fmtDate(due),
		Rule: "《企业名称登记管理规定》第二十三条"}
	note := fmt.Sprintf("争议案件 %s 裁决责令停止使用名称，须于 %s 前申请变更登记；变更前以统一社会信用代码代替名称", disputeID, r.Order.ChangeDue)
	if err := r.apply(ActOrderChange, actor, now, note); err != nil {
		return nil, "", err
	}
	return r.Order, "", putName(tx, actor, ActOrderChange, before, r, note)
}

// AbnormalEntry is an enterprise listed in the abnormal operations list
// (经营异常名录) because it did not change a name it was ordered to stop
// using within 30 days (Reg 734 Art 23). The supervision module consumes it
// (outbox topic "abnormal").
type AbnormalEntry struct {
	USCC          string     `json:"uscc"`
	Name          string     `json:"name"`
	NameRecordID  string     `json:"name_record_id"`
	DisputeID     string     `json:"dispute_id"`
	Reason        string     `json:"reason"`
	Rule          string     `json:"rule"`
	OrderedOn     string     `json:"ordered_on"`
	ChangeDue     string     `json:"change_due"`
	ListedOn      string     `json:"listed_on"`
	RemovedOn     string     `json:"removed_on,omitempty"`
	RemovalReason string     `json:"removal_reason,omitempty"`
	UpdatedAt     time.Time  `json:"updated_at"`
	History       []AbnEvent `json:"history"`
}

// AbnEvent is a listing or removal.
type AbnEvent struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"` // list | remove
	Note   string    `json:"note"`
}

func (s *Service) flagAbnormal(tx *store.Tx, r *NameRecord, actor string, now time.Time) error {
	before := r.clone()
	today := civil(now)
	note := fmt.Sprintf("被责令停止使用名称后逾期（%s 届满）未申请变更登记，列入经营异常名录", r.Order.ChangeDue)
	if err := r.apply(ActFlagAbnormal, actor, now, note); err != nil {
		return err
	}
	r.AbnormalOn = fmtDate(today)
	entry := &AbnormalEntry{
		USCC: r.USCC, Name: r.Name, NameRecordID: r.ID, DisputeID: r.Order.DisputeID,
		Reason: "被责令停止使用企业名称，逾期未申请变更登记", Rule: "《企业名称登记管理规定》第二十三条",
		OrderedOn: r.Order.OrderedOn, ChangeDue: r.Order.ChangeDue, ListedOn: fmtDate(today), UpdatedAt: now.UTC(),
		History: []AbnEvent{{At: now.UTC(), Action: "list", Note: note}},
	}
	var prev AbnormalEntry
	var prevPtr *AbnormalEntry
	if err := tx.Get(abnormalKey(r.USCC), &prev); err == nil {
		prevPtr = &prev
		entry.History = append(prev.History, entry.History...)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := tx.Put(abnormalKey(r.USCC), entry); err != nil {
		return err
	}
	if err := tx.Enqueue(abnormalOutbox, r.USCC); err != nil {
		return err
	}
	if err := tx.Audit(AuditEntry{At: now.UTC(), Actor: actor, Action: "abnormal.list", Object: auditObjectAbn + r.USCC, Before: prevPtr, After: entry, Note: note}); err != nil {
		return err
	}
	return putName(tx, actor, ActFlagAbnormal, before, r, note)
}

func (s *Service) removeAbnormal(tx *store.Tx, actor, uscc, reason string, now time.Time) error {
	var e AbnormalEntry
	if err := tx.Get(abnormalKey(uscc), &e); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}
	if e.RemovedOn != "" {
		return nil
	}
	before := e
	before.History = slices.Clone(e.History)
	e.RemovedOn, e.RemovalReason, e.UpdatedAt = fmtDate(civil(now)), reason, now.UTC()
	e.History = append(e.History, AbnEvent{At: now.UTC(), Action: "remove", Note: "移出经营异常名录：" + reason})
	if err := tx.Put(abnormalKey(uscc), &e); err != nil {
		return err
	}
	if err := tx.Enqueue(abnormalOutbox, uscc); err != nil {
		return err
	}
	return tx.Audit(AuditEntry{At: now.UTC(), Actor: actor, Action: "abnormal.remove", Object: auditObjectAbn + uscc, Before: &before, After: &e, Note: reason})
}

// Abnormal returns the abnormal-list entry of an enterprise.
func (s *Service) Abnormal(ctx context.Context, uscc string) (*AbnormalEntry, error) {
	var e AbnormalEntry
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(abnormalKey(strings.ToUpper(uscc)), &e) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("统一社会信用代码为 %s 的企业没有经营异常名录记录", uscc)
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return &e, nil
}

// SweepReport counts what a sweep did.
type SweepReport struct {
	Released int `json:"released"`         // reservations past their period
	Flagged  int `json:"flagged_abnormal"` // enterprises listed as abnormal
}

// Sweep applies every transition that time alone causes: the periodic twin
// of the settlement done when a record is read.
func (s *Service) Sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	var ids []string
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefixName, "", false, func(_ string, v []byte) (bool, error) {
			var r NameRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return false, err
			}
			if s.due(&r) {
				ids = append(ids, r.ID)
			}
			return true, ctx.Err()
		})
	})
	if err != nil {
		return rep, wrap(err)
	}
	for _, id := range ids {
		err := s.update(func(tx *store.Tx) error {
			r, err := loadName(tx, id)
			if err != nil {
				return err
			}
			state := r.State
			changed, err := s.settle(tx, r, "system:sweep")
			if changed && state == NameReserved {
				rep.Released++
			} else if changed {
				rep.Flagged++
			}
			return err
		})
		if err != nil {
			return rep, err
		}
		if err := ctx.Err(); err != nil {
			return rep, err
		}
	}
	if len(ids) > 0 {
		return rep, s.applyIndex(ctx)
	}
	return rep, nil
}

// NameStatus is what the public may know of an enterprise's name: while an
// order to stop using it runs, the name is replaced by the USCC (Reg 734
// Art 23).
type NameStatus struct {
	USCC           string    `json:"uscc"`
	DisplayName    string    `json:"display_name"`
	Masked         bool      `json:"masked"`
	State          NameState `json:"state"`
	StateLabel     string    `json:"state_label"`
	ChangeDue      string    `json:"change_due,omitempty"`
	AbnormalListed bool      `json:"abnormal_listed"`
	Notice         string    `json:"notice,omitempty"`
}

// Status returns the public name status of an enterprise, settled to today.
func (s *Service) Status(ctx context.Context, uscc string) (*NameStatus, error) {
	uscc = strings.ToUpper(strings.TrimSpace(uscc))
	var r *NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		r, err = s.current(tx, "", uscc, false)
		return err
	})
	if apperr.CodeOf(err) == apperr.CodeConflict {
		// Known to the registry, but not a going concern: nothing is masked.
		var e *registry.Enterprise
		err := s.db.View(func(tx *store.Tx) error {
			var err error
			e, err = s.reg.GetTx(tx, uscc)
			return err
		})
		if err != nil {
			return nil, wrap(err)
		}
		return &NameStatus{USCC: uscc, DisplayName: e.Name, State: NameState(e.Status), StateLabel: NameState(e.Status).Label()}, nil
	}
	if err != nil {
		return nil, wrap(err)
	}
	if r.ID != "" && s.due(r) {
		if r, err = s.GetName(ctx, r.ID); err != nil {
			return nil, err
		}
	}
	st := &NameStatus{USCC: uscc, DisplayName: r.Name, State: r.State, StateLabel: r.State.Label()}
	if r.State == NameOrdered || r.State == NameAbnormal {
		st.Masked, st.DisplayName = true, uscc
		st.AbnormalListed = r.State == NameAbnormal
		if r.Order != nil {
			st.ChangeDue = r.Order.ChangeDue
		}
		st.Notice = "该企业名称已被责令停止使用，在办理名称变更登记前以统一社会信用代码代替名称（《企业名称登记管理规定》第二十三条）"
		if st.AbnormalListed {
			st.Notice += "；逾期未变更，已列入经营异常名录"
		}
	}
	return st, nil
}

// PublicEnterprise returns what a public answer may show of an enterprise:
// e itself, or a copy whose name is replaced by its USCC while an order to
// stop using the name runs.
func (s *Service) PublicEnterprise(ctx context.Context, e *registry.Enterprise) (*registry.Enterprise, error) {
	if e == nil || e.USCC == "" || e.ID != e.USCC {
		return e, nil
	}
	st, err := s.Status(ctx, e.USCC)
	if err != nil {
		if apperr.CodeOf(err) == apperr.CodeNotFound {
			return e, nil
		}
		return nil, err
	}
	if !st.Masked {
		return e, nil
	}
	c := *e
	c.Name, c.Normalized, c.TradeName, c.IndustryExpr, c.NameIndustry, c.IndustryGroup = e.USCC, e.USCC, "", "", "", ""
	return &c, nil
}

// History returns an enterprise's name records, the current one first.
func (s *Service) History(ctx context.Context, uscc string) ([]*NameRecord, error) {
	uscc = strings.ToUpper(strings.TrimSpace(uscc))
	var out []*NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		r, err := s.current(tx, "", uscc, false)
		if err != nil {
			return err
		}
		for len(out) < 1000 {
			out = append(out, r)
			if r.Replaces == "" {
				return nil
			}
			if r, err = loadName(tx, r.Replaces); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
