package registry

import (
	"errors"
	"time"

	"namescope/name"
	"namescope/store"
)

// This file is the one path by which an enterprise record is written or
// removed: Put (registrar synchronisation), PutTx/DeleteTx (the lifecycle's
// transactions), SetProtected and Import all come through write and remove,
// so that every write keeps the same things: the creation time and the
// protection of the record it replaces, the compact comparison record, the
// 字号 listing and its guard, the index outbox entry, what other modules
// derive from the record (DerivedHook) and one audit entry.

// CreditHook receives, inside the transaction of each write of an
// enterprise record under its USCC (but a bulk import), the record before
// (nil for a new one) and after, so that the credit file records what the
// write means in the same transaction. internal/app implements it over
// the credit module, which registry does not import.
type CreditHook interface {
	EnterpriseWrittenTx(tx *store.Tx, actor string, before, after *Enterprise) error
}

// DerivedHook receives, inside the transaction of every write and
// removal of an enterprise record (a bulk import's and the lifecycle's
// included), the record before (nil for a new one) and after, so that
// what other modules derive from enterprise records is kept in the same
// commit. internal/app implements it over the supervision module (the
// new-economy register), which registry does not import.
type DerivedHook interface {
	EnterpriseWrittenTx(tx *store.Tx, before, after *Enterprise) error
	EnterpriseRemovedTx(tx *store.Tx, before *Enterprise) error
}

// writeMode says what write keeps from the record it replaces.
type writeMode int

const (
	// keepStored: the input is what a registration system sent; the
	// creation time and the 字号 protection (set by staff) are kept.
	keepStored writeMode = iota
	// asGiven: the record is complete (SetProtected edits a stored one).
	asGiven
)

// written is what write did.
type written struct {
	entry  store.OutboxEntry // the index update, to apply after the commit
	before *Enterprise       // the record replaced, nil for a new one
	shared bool              // the 字号 was written before: other records may share it
}

// writeOp is one write of an enterprise record.
type writeOp struct {
	actor  string
	action string // "": enterprise.create or enterprise.update
	now    time.Time
	mode   writeMode
	// issued: the id was just issued by the sequence, so there is no
	// record to replace and none is read (a bulk import's common case).
	issued bool
	// auditAfter, when set, is what the audit entry records as written in
	// place of the whole record (an import records the row it received).
	auditAfter any
}

// write stores e (whose ID is set) in tx.
func (s *Service) write(tx *store.Tx, op writeOp, e *Enterprise) (written, error) {
	actor, action, now, mode := op.actor, op.action, op.now, op.mode
	var w written
	var old Enterprise
	if !op.issued {
		switch err := tx.Get(store.EnterpriseKey(e.ID), &old); {
		case err == nil:
			w.before = &old
		case errors.Is(err, store.ErrNotFound):
		default:
			return w, err
		}
	}
	before := w.before
	if mode == keepStored {
		e.CreatedAt = now
		if before != nil {
			e.CreatedAt = before.CreatedAt
			e.Protected, e.ProtectedReason = before.Protected, before.ProtectedReason
			e.Masked = before.Masked
			// A registration system that does not send them keeps what
			// the record has.
			if e.Established == "" {
				e.Established = before.Established
			}
			if e.LegalRep == "" {
				e.LegalRep = before.LegalRep
			}
		}
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	e.UpdatedAt = now
	if action == "" {
		action = "enterprise.create"
		if before != nil {
			action = "enterprise.update"
		}
	}
	if before != nil && (before.Scope != e.Scope || before.TradeName != e.TradeName) {
		if err := unlist(tx, before); err != nil {
			return w, err
		}
	}
	if err := tx.Put(store.EnterpriseKey(e.ID), e); err != nil {
		return w, err
	}
	if err := tx.PutRaw(store.CandidateKey(e.ID), []byte(encodeCandidate(e))); err != nil {
		return w, err
	}
	var err error
	if w.shared, err = list(tx, e); err != nil {
		return w, err
	}
	if w.entry, err = tx.EnqueueEntry(outboxTopic, e.ID); err != nil {
		return w, err
	}
	// The credit file records what the write means (registration, change,
	// cancellation, revocation) in this transaction. A bulk import loads
	// the existing register: it is not a fact arising now.
	if s.Credit != nil && action != "enterprise.import" && e.USCC != "" && e.ID == e.USCC {
		if err := s.Credit.EnterpriseWrittenTx(tx, actor, before, e); err != nil {
			return w, err
		}
	}
	if s.Derived != nil {
		if err := s.Derived.EnterpriseWrittenTx(tx, before, e); err != nil {
			return w, err
		}
	}
	audit := store.AuditEntry{At: now, Actor: actor, Action: action, Object: "enterprise/" + e.ID, After: e}
	if op.auditAfter != nil {
		audit.After = op.auditAfter
	}
	if before != nil {
		audit.Before = before
	}
	return w, tx.Audit(audit)
}

// remove deletes the record id with its derived keys, enqueues the index
// update and appends an audit entry; a missing record is not an error.
func (s *Service) remove(tx *store.Tx, actor, id, action string, now time.Time) error {
	var before Enterprise
	err := tx.Get(store.EnterpriseKey(id), &before)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := tx.Delete(store.EnterpriseKey(id)); err != nil {
		return err
	}
	if err := tx.Delete(store.CandidateKey(id)); err != nil {
		return err
	}
	if err := unlist(tx, &before); err != nil {
		return err
	}
	if err := tx.Enqueue(outboxTopic, id); err != nil {
		return err
	}
	if s.Derived != nil {
		if err := s.Derived.EnterpriseRemovedTx(tx, &before); err != nil {
			return err
		}
	}
	if action == "" {
		action = "enterprise.delete"
	}
	return tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: action, Object: "enterprise/" + id, Before: &before})
}

// list files e under its scope and 字号 and touches the guard, so that a
// grant of the same 字号 that read the guard before cannot commit. It
// reports whether the 字号 had been written before.
func list(tx *store.Tx, e *Enterprise) (bool, error) {
	if e.TradeName == "" {
		return false, nil
	}
	n, err := tx.Touch(store.TradeGuardKey(e.Scope, e.TradeName))
	if err != nil {
		return false, err
	}
	// The listing carries the comparison record: the names of a 字号 are
	// read in one scan, not one read per name.
	return n > 0, tx.PutRaw(store.TradeNameKey(e.Scope, e.TradeName, e.ID), []byte(encodeCandidate(e)))
}

func unlist(tx *store.Tx, e *Enterprise) error {
	if e.TradeName == "" {
		return nil
	}
	if _, err := tx.Touch(store.TradeGuardKey(e.Scope, e.TradeName)); err != nil {
		return err
	}
	return tx.Delete(store.TradeNameKey(e.Scope, e.TradeName, e.ID))
}

// SetMaskedTx masks (or unmasks) the enterprise record id in tx: the
// lifecycle calls it when an order to stop using a name starts and ends.
func (s *Service) SetMaskedTx(tx *store.Tx, actor, id string, masked bool) error {
	var e Enterprise
	if err := tx.Get(store.EnterpriseKey(id), &e); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}
	if e.Masked == masked {
		return nil
	}
	e.Masked = masked
	action := "enterprise.mask"
	if !masked {
		action = "enterprise.unmask"
	}
	_, err := s.write(tx, writeOp{actor: actor, action: action, now: s.now().UTC(), mode: asGiven}, &e)
	return err
}

// Public is what a public answer may show of e: e itself, or, while it is
// masked, a copy that shows the USCC in place of the name.
func Public(e *Enterprise) *Enterprise {
	if e == nil || !e.Masked {
		return e
	}
	c := *e
	c.Name, c.Normalized, c.TradeName, c.IndustryExpr, c.NameIndustry, c.IndustryGroup = e.USCC, e.USCC, "", "", "", ""
	return &c
}

// SameTradeNameTx returns every record filed under the scope and 字号, read
// in tx after reading the 字号's guard: a transaction that decides a grant
// on them and then writes under the same 字号 conflicts with any other
// write of the 字号 committed meanwhile, and is run again by the store.
func (s *Service) SameTradeNameTx(tx *store.Tx, scope, tradeName string) ([]name.Existing, error) {
	if tradeName == "" {
		return nil, nil
	}
	if _, err := tx.Touch(store.TradeGuardKey(scope, tradeName)); err != nil {
		return nil, err
	}
	return sameTradeName(tx, scope, tradeName)
}

func sameTradeName(tx *store.Tx, scope, tradeName string) ([]name.Existing, error) {
	prefix := store.TradeNamePrefix(scope, tradeName)
	var out []name.Existing
	err := tx.Scan(prefix, "", false, func(k string, v []byte) (bool, error) {
		x, ok := decodeCandidate(string(v))
		if !ok {
			// Listed by an older layout: read the record itself.
			var err error
			if x, ok, err = candidate(tx, k[len(prefix):], nil); err != nil {
				return false, err
			}
		}
		if ok {
			out = append(out, x)
		}
		return true, nil
	})
	return out, err
}

// IdenticalName is an enterprise whose name the law treats as identical to
// another's (Reg 734 Art 17), reported by writes that record decisions
// taken elsewhere and by the duplicate audit.
type IdenticalName struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	USCC   string `json:"uscc,omitempty"`
	Status string `json:"status"`
}

// identicalTx lists the other records that are identical in law to e
// today. Records of the same enterprise (same USCC) do not count.
func (s *Service) identicalTx(tx *store.Tx, e *Enterprise) ([]IdenticalName, error) {
	if e.TradeName == "" {
		return nil, nil
	}
	cands, err := sameTradeName(tx, e.Scope, e.TradeName)
	if err != nil {
		return nil, err
	}
	return s.identicalAmong(e, nil, cands), nil
}

// identicalAmong lists the names among cands (records filed under e's
// scope and 字号) that are identical in law to e today; parts is what the
// rule compares of e's name (Parts.Compared), or nil to parse it here.
func (s *Service) identicalAmong(e *Enterprise, parts *name.Compared, cands []name.Existing) []IdenticalName {
	var out []IdenticalName
	var cmp *name.Comparer
	self := e.existing()
	for i := range cands {
		c := &cands[i]
		if c.ID == e.ID || (e.USCC != "" && c.USCC == e.USCC) {
			continue
		}
		if cmp == nil {
			if parts == nil {
				c := name.Parse(e.Name).Compared()
				parts = &c
			}
			cmp = name.NewComparerOf(&self, *parts, s.now(), s.Level)
		}
		if cmp.To(c) == name.Identical {
			out = append(out, IdenticalName{ID: c.ID, Name: c.Name, USCC: c.USCC, Status: c.Status})
		}
	}
	return out
}
