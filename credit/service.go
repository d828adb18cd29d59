package credit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/config"
	"namescope/internal/field"
	"namescope/store"
)

// Key prefixes of the credit records (the layout is listed in store/keys.go).
const (
	seqEvent    = "credit-event"
	seqListing  = "credit-listing"
	seqGuidance = "credit-guidance"
)

func eventKey(uscc string, seq uint64) string {
	return fmt.Sprintf("%s%s/%016x", store.PrefixCreditEvent, uscc, seq)
}
func eventIDKey(id string) string { return store.PrefixCreditEventID + id }
func penaltyKey(authority, decisionNo string) string {
	h := sha256.Sum256([]byte(authority + "\x00" + decisionNo))
	return store.PrefixCreditPenalty + hex.EncodeToString(h[:])
}
func listingKey(id string) string             { return store.PrefixCreditListing + id }
func listingByUSCCKey(uscc, id string) string { return store.PrefixCreditListingUSCC + uscc + "/" + id }
func guidanceKey(uscc, id string) string      { return store.PrefixCreditGuidance + uscc + "/" + id }
func designationKey(uscc string) string       { return store.PrefixCreditDesignation + uscc }
func annualReportKey(uscc string, y int) string {
	return fmt.Sprintf("%s%s/%04d", store.PrefixCreditAnnual, uscc, y)
}

// WorkingDays is the holiday calendar credit counts deadlines on: the
// lifecycle's (*lifecycle.Calendar), passed in so that credit does not
// import lifecycle.
type WorkingDays interface {
	// AddWorkingDays is the n-th working day after from.
	AddWorkingDays(from time.Time, n int) time.Time
	// IsWorkingDay reports whether the date is a working day.
	IsWorkingDay(d time.Time) bool
}

// weekends is the calendar without holidays, until one is set.
type weekends struct{}

func (weekends) IsWorkingDay(d time.Time) bool {
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

func (w weekends) AddWorkingDays(from time.Time, n int) time.Time {
	d := civil(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if w.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Enterprise is what credit needs to know of an enterprise.
type Enterprise struct {
	USCC string
	// Name is the name the public may see (the USCC while an order to
	// stop using the name runs).
	Name        string
	Status      string
	Established string // YYYY-MM-DD, "" when unknown
	SmallMicro  bool
}

// Enterprises reads enterprise facts: implemented over the registry and
// wired in internal/app. EnterpriseTx returns nil for an unknown USCC.
type Enterprises interface {
	EnterpriseTx(tx *store.Tx, uscc string) (*Enterprise, error)
}

// Service is the credit module.
type Service struct {
	db   *store.DB
	cfg  config.Credit
	sup  config.Supervision
	now  func() time.Time
	cal  func() WorkingDays
	ents Enterprises
	// issuer and docPrefix name the bureau on the documents and start
	// their numbers (SetIssuer).
	issuer, docPrefix string
	// newEconomy, when set (SetNewEconomy), decides designation.
	newEconomy func(tx *store.Tx, uscc string) (bool, error)
	// designated, when set (OnDesignationTx), runs in the transaction of
	// every manual designation.
	designated func(tx *store.Tx, uscc string) error
}

// New returns the credit module over the store with the bureau's credit
// and supervision settings; ents reads enterprise facts.
func New(db *store.DB, cfg config.Credit, sup config.Supervision, ents Enterprises) *Service {
	return &Service{db: db, cfg: cfg, sup: sup, now: time.Now, ents: ents,
		cal: func() WorkingDays { return weekends{} }}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// SetCalendar sets the working-day calendar (the lifecycle's, which staff
// may edit: cal is asked at each use).
func (s *Service) SetCalendar(cal func() WorkingDays) { s.cal = cal }

// Config is the credit settings in force.
func (s *Service) Config() config.Credit { return s.cfg }

func (s *Service) today() time.Time { return civil(s.now()) }

// Today is the current date in China time (YYYY-MM-DD).
func (s *Service) Today() string { return fmtDate(s.today()) }

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

// optDate reads an optional date field.
func optDate(field, v string) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	return parseDate(field, v)
}

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

// RecordTx appends ev to its enterprise's credit file in tx, the
// transaction of the fact that causes it, with an audit entry. It sets the
// id, the time recorded and, unless the caller decided them (penalties),
// the publication of the kind. It returns the event as stored.
func (s *Service) RecordTx(tx *store.Tx, ev Event) (*Event, error) {
	if !ev.Kind.Valid() {
		return nil, fmt.Errorf("credit: unknown event kind %q", ev.Kind)
	}
	if ev.USCC == "" || ev.Date == "" {
		return nil, fmt.Errorf("credit: event %s without USCC or date", ev.Kind)
	}
	seq, err := s.db.Next(seqEvent)
	if err != nil {
		return nil, err
	}
	ev.ID = fmt.Sprintf("CE%08d", seq)
	ev.At = s.now().UTC()
	if ev.Dept == "" {
		ev.Dept = ev.Actor.Dept
	}
	if ev.Kind != KindPenalty && ev.Kind != KindCorrection && ev.Kind != KindWithdrawal && ev.Supersedes == "" {
		ev.Public = kinds[ev.Kind].public
	}
	if ev.Public && ev.PublicFrom == "" {
		ev.PublicFrom = ev.Date
	}
	key := eventKey(ev.USCC, seq)
	if err := tx.Put(key, &ev); err != nil {
		return nil, err
	}
	if err := tx.Put(eventIDKey(ev.ID), key); err != nil {
		return nil, err
	}
	return &ev, tx.Audit(store.AuditEntry{At: ev.At, Actor: ev.Actor.String(), Action: "credit." + string(ev.Kind),
		Object: "credit/" + ev.USCC, After: &ev})
}

// eventTx loads an event by id.
func eventTx(tx *store.Tx, id string) (*Event, error) {
	var key string
	if err := tx.Get(eventIDKey(id), &key); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, apperr.NotFound("信用记录 %s 不存在", id)
		}
		return nil, err
	}
	var ev Event
	if err := tx.Get(key, &ev); err != nil {
		return nil, err
	}
	return &ev, nil
}

// eventsTx returns the events of an enterprise, oldest first.
func eventsTx(tx *store.Tx, uscc string) ([]Event, error) {
	var out []Event
	err := tx.Scan(store.PrefixCreditEvent+uscc+"/", "", false, func(_ string, v []byte) (bool, error) {
		var ev Event
		if err := unmarshal(v, &ev); err != nil {
			return false, err
		}
		out = append(out, ev)
		return true, nil
	})
	return out, err
}
