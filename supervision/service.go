package supervision

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/config"
	"namescope/credit"
	"namescope/internal/field"
	"namescope/store"
)

// Enterprise is what supervision needs to know of an enterprise, read
// from the registry.
type Enterprise struct {
	USCC         string
	Name         string
	Status       string
	IndustryCode string
	Established  string // YYYY-MM-DD, "" when unknown
	SmallMicro   bool
}

// Enterprises reads enterprise facts: implemented over the registry and
// wired in internal/app. EnterpriseTx returns nil for an unknown USCC.
// EnterprisesTx calls fn for the enterprises (records filed under their
// USCC) among the at most limit records whose id sorts after after ("":
// from the first), in id order; it returns the id of the last record read
// and whether records remain after it (the rebuild of the new-economy
// register reads them all, a batch at a time).
type Enterprises interface {
	EnterpriseTx(tx *store.Tx, uscc string) (*Enterprise, error)
	EnterprisesTx(tx *store.Tx, after string, limit int, fn func(*Enterprise) error) (last string, more bool, err error)
}

// Service is the supervision module.
type Service struct {
	db   *store.DB
	cfg  config.Supervision
	cr   *credit.Service
	ents Enterprises
	now  func() time.Time
	// authority is the bureau that makes penalty decisions (the default
	// authority's bureau).
	authority string
	// cat is the violation catalogue in force (catalogue.go).
	cat catalogueSlot
}

// New returns the supervision module over the store with the bureau's
// supervision settings; cr is the credit file its facts are written to,
// ents reads enterprise facts, authority names the bureau on decisions.
// The embedded violation catalogue is in force until LoadCatalogue reads
// an imported version.
//
// It keeps the new-economy register (register.go) in the transactions of
// the credit module's manual designations: New installs the hook
// (credit.Service.OnDesignationTx).
func New(db *store.DB, cfg config.Supervision, cr *credit.Service, ents Enterprises, authority string) *Service {
	s := &Service{db: db, cfg: cfg, cr: cr, ents: ents, now: time.Now, authority: authority}
	s.cat.Store(embeddedCatalogue())
	if cr != nil {
		cr.OnDesignationTx(s.refreshTx)
	}
	return s
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Config is the supervision settings in force.
func (s *Service) Config() config.Supervision { return s.cfg }

const dateLayout = field.DateLayout

// Request fields and civil dates, shared with the other domain packages
// (internal/field).
var (
	civil     = field.Civil
	fmtDate   = field.FormatDate
	parseDate = field.ParseDate
	text      = field.Text
	clip      = field.Clip
	normUSCC  = field.USCC
	wrap      = field.StoreError
)

func (s *Service) today() time.Time { return civil(s.now()) }

// enterpriseTx returns the enterprise, or not_found.
func (s *Service) enterpriseTx(tx *store.Tx, uscc string) (*Enterprise, error) {
	e, err := s.ents.EnterpriseTx(tx, uscc)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, apperr.NotFound("未找到统一社会信用代码为 %s 的企业", uscc)
	}
	return e, nil
}

// actorOf is the credit actor of a signer.
func actorOf(by auth.Signer) credit.Actor {
	return credit.Actor{KeyID: by.KeyID, Role: by.Role, Holder: by.Holder, Dept: by.Dept}
}

// mayAct refuses a signer who cannot record or decide in supervision: only
// staff keys do, never an admin key in anyone's place.
func mayAct(by auth.Signer) error {
	switch {
	case by.Role == auth.RoleAdmin:
		return apperr.Forbidden("管理员密钥不能代替执法人员登记或作出监管决定，请使用本人的工作人员（staff）密钥")
	case by.Role != auth.RoleStaff || by.KeyID == "":
		return apperr.Forbidden("监管措施与案件须由执法人员（staff 角色的密钥）登记和签署")
	}
	return nil
}

// ---------------------------------------------------------------------------
// Scope codes

// ScopeRecord is the business-scope entry codes of an enterprise as the
// registration system last sent them.
type ScopeRecord struct {
	USCC       string    `json:"uscc"`
	Codes      []string  `json:"codes"`
	Source     string    `json:"source"` // enterprise (POST /enterprises) or scope_registration
	ReceivedAt time.Time `json:"received_at"`
}

// Sources of scope codes.
const (
	ScopeFromEnterprise   = "enterprise"
	ScopeFromRegistration = "scope_registration"
)

var scopeCodeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)

// maxScopeCodes bounds the entries of one registration.
const maxScopeCodes = 200

// NormScopeCodes validates scope entry codes as a registration system sends
// them (field names the field in messages): trimmed, at most 200, each a
// catalogue code (letters, digits, . _ -, at most 32), duplicates dropped,
// order kept (main business first).
func NormScopeCodes(field string, codes []string) ([]string, error) {
	if len(codes) > maxScopeCodes {
		return nil, apperr.Invalid("%s 最多 %d 项，收到 %d 项", field, maxScopeCodes, len(codes))
	}
	out := make([]string, 0, len(codes))
	for i, c := range codes {
		c = strings.TrimSpace(c)
		if !scopeCodeRe.MatchString(c) {
			return nil, apperr.Invalid("%s[%d]“%s”不是有效的经营范围条目代码（字母、数字，最多 32 位）", field, i, clip(c, 40))
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// RecordScopeCodes records the scope entry codes of the enterprise uscc
// (which need not be in the registry yet: the registration system may send
// the scope first), replacing what was recorded; audited.
func (s *Service) RecordScopeCodes(ctx context.Context, actor, source, uscc string, codes []string) (*ScopeRecord, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	codes, err = NormScopeCodes("scope_codes", codes)
	if err != nil {
		return nil, err
	}
	var rec *ScopeRecord
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		rec, err = s.recordScopeTx(tx, actor, source, uscc, codes)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return rec, nil
}

// RecordScopeCodesTx is RecordScopeCodes in the caller's transaction (a
// bulk load).
func (s *Service) RecordScopeCodesTx(tx *store.Tx, actor, source, uscc string, codes []string) (*ScopeRecord, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	if codes, err = NormScopeCodes("scope_codes", codes); err != nil {
		return nil, err
	}
	return s.recordScopeTx(tx, actor, source, uscc, codes)
}

// ScopeCodesTx is work for the transaction that writes an enterprise
// record (registry.Service.PutReport): it records codes as the scope
// entry codes of the enterprise written, validating them there, so that
// the record, its codes and the new-economy register row derived from
// both commit together, and a bad code leaves nothing written.
func (s *Service) ScopeCodesTx(actor, source string, codes []string) func(tx *store.Tx, uscc string) error {
	return func(tx *store.Tx, uscc string) error {
		_, err := s.RecordScopeCodesTx(tx, actor, source, uscc, codes)
		return err
	}
}

// ScopeCodesOf is the same work for the enterprise uscc, for a
// transaction that writes no enterprise record (the 双告知 notices of
// POST /api/v1/scope/registrations).
func (s *Service) ScopeCodesOf(actor, source, uscc string, codes []string) func(tx *store.Tx) error {
	record := s.ScopeCodesTx(actor, source, codes)
	return func(tx *store.Tx) error { return record(tx, uscc) }
}

func (s *Service) recordScopeTx(tx *store.Tx, actor, source, uscc string, codes []string) (*ScopeRecord, error) {
	rec := &ScopeRecord{USCC: uscc, Codes: codes, Source: source, ReceivedAt: s.now().UTC()}
	var before any // nil, not a nil *ScopeRecord: the audit entry has no "before": null
	var old ScopeRecord
	switch err := tx.Get(store.PrefixSupScope+uscc, &old); {
	case err == nil:
		before = &old
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if err := tx.Put(store.PrefixSupScope+uscc, rec); err != nil {
		return nil, err
	}
	// The codes may designate the enterprise (or no longer): its row of
	// the new-economy register follows in this transaction.
	if err := s.refreshTx(tx, uscc); err != nil {
		return nil, err
	}
	return rec, tx.Audit(store.AuditEntry{At: rec.ReceivedAt, Actor: actor, Action: "supervision.scope_codes",
		Object: "supervision/" + uscc, Before: before, After: rec})
}

func scopeCodesTx(tx *store.Tx, uscc string) ([]string, error) {
	var rec ScopeRecord
	switch err := tx.Get(store.PrefixSupScope+uscc, &rec); {
	case errors.Is(err, store.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return rec.Codes, nil
}

// ---------------------------------------------------------------------------
// Designation and grace period

// Designation sources.
const (
	SourceAuto   = "auto"   // from the industry code and scope entries (SanxinFor)
	SourceManual = "manual" // staff decided (PUT /enterprises/{uscc}/supervision)
	SourceNone   = "none"   // neither
)

// NewEconomy is the new-economy (三新/四新) designation of an enterprise:
// automatic from its GB/T industry code and scope entries (high and medium
// confidence rows of the authored map), unless staff decided by hand, which
// prevails either way.
type NewEconomy struct {
	Flag       bool     `json:"flag"`
	Categories []string `json:"categories"`
	Source     string   `json:"source"`
	// Auto are the matches of the automatic designation (shown even when a
	// manual decision prevails); Manual the staff decision, if any.
	Auto   []SanxinMatch  `json:"auto"`
	Manual *ManualDecided `json:"manual,omitempty"`
}

// ManualDecided is a staff designation as shown.
type ManualDecided struct {
	Flag      bool         `json:"flag"`
	Reason    string       `json:"reason"`
	By        credit.Actor `json:"by"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// Grace is an enterprise's 包容期.
type Grace struct {
	// Months is the period that applies: GracePeriodMonths for small and
	// micro enterprises, GracePeriodMonthsOther for others.
	Months int `json:"months"`
	// Until is the last day (new-economy, establishment date known).
	Until   string `json:"until,omitempty"`
	InGrace bool   `json:"in_grace"`
	// Reason says why there is or is not a grace period.
	Reason string `json:"reason"`
}

// Profile is GET /api/v1/enterprises/{uscc}/supervision: the designation,
// small or micro, the establishment date and the grace period. The
// top-level grace_until and in_grace repeat Grace for the callers of the
// credit module's view.
type Profile struct {
	USCC         string     `json:"uscc"`
	Name         string     `json:"name,omitempty"`
	NewEconomy   NewEconomy `json:"new_economy"`
	SmallMicro   bool       `json:"small_micro"`
	Established  string     `json:"established,omitempty"`
	IndustryCode string     `json:"industry_code,omitempty"`
	ScopeCodes   []string   `json:"scope_codes"`
	GraceUntil   string     `json:"grace_until,omitempty"`
	InGrace      bool       `json:"in_grace"`
	Grace        Grace      `json:"grace"`
}

// designates: low-confidence rows (e.g. the generic 技术服务 entry almost
// every firm registers) do not designate automatically.
func designates(m SanxinMatch) bool { return m.Confidence == "high" || m.Confidence == "medium" }

// profileTx computes the profile of an enterprise.
func (s *Service) profileTx(tx *store.Tx, e *Enterprise) (*Profile, error) {
	codes, err := scopeCodesTx(tx, e.USCC)
	if err != nil {
		return nil, err
	}
	manual, err := credit.DesignationTx(tx, e.USCC)
	if err != nil {
		return nil, err
	}
	p := &Profile{USCC: e.USCC, Name: e.Name, SmallMicro: e.SmallMicro, Established: e.Established,
		IndustryCode: e.IndustryCode, ScopeCodes: codes}
	if p.ScopeCodes == nil {
		p.ScopeCodes = []string{}
	}
	ne := NewEconomy{Categories: []string{}, Auto: []SanxinMatch{}, Source: SourceNone}
	for _, m := range SanxinFor(e.IndustryCode, codes) {
		if designates(m) {
			ne.Auto = append(ne.Auto, m)
			ne.Categories = append(ne.Categories, m.Category.Name)
		}
	}
	if len(ne.Auto) > 0 {
		ne.Flag, ne.Source = true, SourceAuto
	}
	if manual != nil {
		ne.Manual = &ManualDecided{Flag: manual.NewEconomy, Reason: manual.Reason, By: manual.By, UpdatedAt: manual.UpdatedAt}
		ne.Flag, ne.Source = manual.NewEconomy, SourceManual
		if !ne.Flag {
			ne.Categories = []string{}
		}
	}
	p.NewEconomy = ne
	p.Grace = s.graceOf(ne.Flag, e)
	p.GraceUntil, p.InGrace = p.Grace.Until, p.Grace.InGrace
	return p, nil
}

// GraceFor computes the grace period of an enterprise at today: none for
// an enterprise that is not new-economy or whose establishment date is
// unknown; else from the establishment date, 24 months (small and micro)
// or 12 months (others) by default, the last day included.
func GraceFor(cfg config.Supervision, newEconomy bool, established string, smallMicro bool, today time.Time) Grace {
	g := Grace{Months: cfg.GracePeriodMonthsOther}
	kind := "非小微"
	if smallMicro {
		g.Months, kind = cfg.GracePeriodMonths, "小微"
	}
	if !newEconomy {
		g.Reason = "非新经济企业，不适用包容期"
		return g
	}
	est, err := time.Parse(dateLayout, established)
	if err != nil {
		g.Reason = "成立日期未知，无法计算包容期"
		return g
	}
	until := est.AddDate(0, g.Months, 0).AddDate(0, 0, -1)
	g.Until = fmtDate(until)
	g.InGrace = !today.Before(est) && !today.After(until)
	state := "已届满"
	if g.InGrace {
		state = "包容期内"
	}
	g.Reason = fmt.Sprintf("%s新经济企业，自成立之日（%s）起 %d 个月，至 %s（%s）", kind, established, g.Months, g.Until, state)
	return g
}

func (s *Service) graceOf(newEconomy bool, e *Enterprise) Grace {
	return GraceFor(s.cfg, newEconomy, e.Established, e.SmallMicro, s.today())
}

// Profile returns the supervision profile of an enterprise.
func (s *Service) Profile(ctx context.Context, uscc string) (*Profile, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	var p *Profile
	err = s.db.View(func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		p, err = s.profileTx(tx, e)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return p, nil
}

// NewEconomyTx reports whether the enterprise is designated new-economy
// (automatically or by hand) in tx; false for an unknown enterprise. The
// credit module's "guidance first" asks it (credit.Service.SetNewEconomy).
func (s *Service) NewEconomyTx(tx *store.Tx, uscc string) (bool, error) {
	e, err := s.ents.EnterpriseTx(tx, uscc)
	if err != nil || e == nil {
		return false, err
	}
	p, err := s.profileTx(tx, e)
	if err != nil {
		return false, err
	}
	return p.NewEconomy.Flag, nil
}
