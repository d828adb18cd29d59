package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/credit"
	"namescope/name"
	"namescope/registry"
	"namescope/store"
)

// Registry is what the lifecycle asks of the enterprise registry
// (*registry.Service), always inside the lifecycle's own transactions so
// that a name record and the registry record it implies commit together.
type Registry interface {
	PutTx(tx *store.Tx, actor string, in registry.Input, opt registry.TxOptions) (*registry.Enterprise, error)
	DeleteTx(tx *store.Tx, actor, id, action string) error
	GetTx(tx *store.Tx, id string) (*registry.Enterprise, error)
	SameTradeNameTx(tx *store.Tx, scope, tradeName string) ([]name.Existing, error)
	SetMaskedTx(tx *store.Tx, actor, id string, masked bool) error
	ApplyOutbox(ctx context.Context) error
}

// Service runs name lifecycles and disputes over the store and the registry.
type Service struct {
	db      *store.DB
	reg     Registry
	checker *name.Checker
	credit  *credit.Service
	now     func() time.Time
	cal     atomic.Pointer[Calendar]

	// PreApproval, when set, tells from the business-scope codes of a
	// reservation whether an item needs approval before registration (前置
	// 许可), which makes the reservation period one year. The scope service
	// provides it; the request's own pre_approval flag counts as well.
	PreApproval func(ctx context.Context, scopeCodes []string) (bool, error)
	// Limits bound evidence uploads.
	Limits EvidenceLimits

	mu sync.Mutex // one lifecycle write at a time: uniqueness checks and sequences stay simple
}

// EvidenceLimits bound what parties may upload to a case.
type EvidenceLimits struct {
	FileBytes  int // one file
	CaseBytes  int // every file of a case
	CaseFiles  int // number of files of a case
	ShotFiles  int // files in one request
	NameRunes  int // file name
	TextRunes  int // claims, facts, answers
	ShortRunes int // reasons, notes
}

// DefaultLimits are the evidence limits of New.
var DefaultLimits = EvidenceLimits{
	FileBytes: 2 << 20, CaseBytes: 20 << 20, CaseFiles: 50, ShotFiles: 10,
	NameRunes: 100, TextRunes: 10000, ShortRunes: 2000,
}

// New returns the service over an open store, the registry, the name
// checker and the credit module, with the holiday calendar shipped in the
// binary overlaid by the years staff replaced. The credit module counts
// its working days on that calendar.
func New(db *store.DB, reg Registry, checker *name.Checker, cr *credit.Service) (*Service, error) {
	s := &Service{db: db, reg: reg, checker: checker, credit: cr, now: time.Now, Limits: DefaultLimits}
	if err := s.loadCalendar(); err != nil {
		return nil, err
	}
	cr.SetCalendar(func() credit.WorkingDays { return s.Calendar() })
	if err := s.maskOrdered(); err != nil {
		return nil, err
	}
	return s, nil
}

// maskOrdered masks the registry records of names under an order to stop
// using them that a store written before masking lived in the registry
// does not mask yet.
func (s *Service) maskOrdered() error {
	var ids []string
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefixName, "", false, func(_ string, v []byte) (bool, error) {
			var r NameRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return false, err
			}
			if (r.State == NameOrdered || r.State == NameAbnormal) && r.RegistryID != "" {
				e, err := s.reg.GetTx(tx, r.RegistryID)
				if err == nil && !e.Masked {
					ids = append(ids, r.RegistryID)
				}
			}
			return true, nil
		})
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		for _, id := range ids {
			if err := s.reg.SetMaskedTx(tx, "system:migrate", id, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mask ordered names: %w", err)
	}
	return s.reg.ApplyOutbox(context.Background())
}

// SetClock replaces the clock (tests). The checker has a clock of its own.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Calendar is the current holiday calendar.
func (s *Service) Calendar() *Calendar { return s.cal.Load() }

// today is the current date in China time.
func (s *Service) today() time.Time { return civil(s.now()) }

func (s *Service) loadCalendar() error {
	years, err := BuiltinYears()
	if err != nil {
		return fmt.Errorf("holiday calendar: %w", err)
	}
	err = s.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefixHolidays, "", false, func(_ string, v []byte) (bool, error) {
			var y HolidayYear
			if err := json.Unmarshal(v, &y); err != nil {
				return false, err
			}
			years = append(years, &y) // after the built-in years: replaces them
			return true, nil
		})
	})
	if err != nil {
		return fmt.Errorf("holiday calendar: %w", err)
	}
	s.cal.Store(NewCalendar(years...))
	return nil
}

// update runs fn in one read-write transaction, serialized with the other
// lifecycle writes; the store runs it again when a concurrent write
// elsewhere (the registry) conflicts with what fn read, so fn must derive
// everything from tx. A grant refused in the transaction comes back as is
// for the caller to turn into the refusal with the check.
func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.db.UpdateContext(ctx, fn)
	var g *grantRefusal
	var r replayed
	if errors.As(err, &g) || errors.As(err, &r) {
		return err
	}
	return wrap(err)
}

// wrap keeps application errors and hides the others behind Internal.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	var re *RefusedError
	switch {
	case errors.As(err, &re), errors.As(err, &ae):
		return err
	case errors.Is(err, store.ErrContention):
		return apperr.Conflict("该记录正被同时修改，请稍后重试")
	}
	return apperr.Internal(err)
}

// applyIndex brings the name index up to date after a write that touched
// the registry; the write is durable and the outbox keeps the update when
// this fails, so it is retried by the next write or at start-up.
func (s *Service) applyIndex(ctx context.Context) error {
	if err := s.reg.ApplyOutbox(ctx); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// Token kinds and parties.
const (
	KindReservation = "reservation"
	KindDispute     = "dispute"
	PartyApplicant  = "applicant"
	PartyRespondent = "respondent"
)

// TokenRef is what a party token opens: one object, as one party. Only the
// token's SHA-256 hash is stored.
type TokenRef struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	Party     string    `json:"party"`
	CreatedAt time.Time `json:"created_at"`
}

// Actor is how a party acting with its token appears in records and audit.
func (r *TokenRef) Actor() string { return r.Party + ":" + r.ID }

// issueToken makes a party token for an object in tx and returns it; it is
// shown once and never stored.
func (s *Service) issueToken(tx *store.Tx, actor string, ref TokenRef) (string, error) {
	token, h, err := auth.NewToken(auth.PrefixPartyToken)
	if err != nil {
		return "", err
	}
	if err := tx.Put(tokenKey(h), ref); err != nil {
		return "", err
	}
	return token, tx.Audit(store.AuditEntry{
		At: ref.CreatedAt, Actor: actor, Action: "token.issue", Object: auditObjectToken + h[:12],
		After: ref, Note: "签发" + partyLabel(ref.Party) + "令牌（仅保存散列）",
	})
}

func partyLabel(p string) string {
	if p == PartyRespondent {
		return "被申请人"
	}
	return "申请人"
}

// Token returns what a party token opens; ok is false for a token that is
// not a party token (it may still be an API key).
func (s *Service) Token(ctx context.Context, token string) (*TokenRef, bool, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, false, nil
	}
	var ref TokenRef
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(tokenKey(auth.HashToken(token)), &ref) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, apperr.Internal(err)
	}
	return &ref, true, nil
}

// RunSweeper calls Sweep every interval until ctx ends, logging failures.
func (s *Service) RunSweeper(ctx context.Context, every time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rep, err := s.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("lifecycle sweep", "err", err)
		} else if rep.Released+rep.Flagged > 0 {
			log.Info("lifecycle sweep", "released", rep.Released, "flagged_abnormal", rep.Flagged)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
