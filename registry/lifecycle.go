package registry

import (
	"encoding/json"
	"fmt"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// This file is the seam through which the lifecycle package (reservations,
// registrations, name changes, cancellations, revocations) writes enterprise
// records inside its own transactions, so that a lifecycle record, the
// enterprise record it implies, their audit entries and the index outbox
// entry commit together. Callers run ApplyOutbox after the commit, as Put
// does, before acknowledging the write.

// TxOptions refine a write made with PutTx.
type TxOptions struct {
	// ID is the record id; by default the USCC, or a generated N… id for a
	// name without one.
	ID string
	// Former gives the record a generated F… id even though it carries a
	// USCC: the former name of an enterprise that changed its name, kept as a
	// cancelled record so that it blocks identical names for one year.
	Former bool
	// ReservedUntil (YYYY-MM-DD) is the last day of a reservation period.
	ReservedUntil string
	// Action names the audit action; enterprise.create / enterprise.update
	// by default.
	Action string
}

// PutTx validates in and writes the enterprise record, its outbox entry and
// an audit entry in tx. It replaces the record with the same id, keeping its
// creation time and protection.
func (s *Service) PutTx(tx *store.Tx, actor string, in Input, opt TxOptions) (*Enterprise, error) {
	e, err := s.build(in, nil)
	if err != nil {
		return nil, err
	}
	if opt.ReservedUntil != "" {
		d, err := time.Parse("2006-01-02", opt.ReservedUntil)
		if err != nil {
			return nil, apperr.Invalid("reserved_until 应为 YYYY-MM-DD 格式的日期")
		}
		e.ReservedUntil = d.Format("2006-01-02")
	}
	issued := false
	switch {
	case opt.ID != "":
		e.ID = opt.ID
	case e.USCC == "" || opt.Former:
		issued = true
		seq, err := s.db.Next("enterprise")
		if err != nil {
			return nil, err
		}
		prefix := "N"
		if opt.Former {
			prefix = "F"
		}
		e.ID = fmt.Sprintf("%s%012d", prefix, seq)
	}
	_, err = s.write(tx, writeOp{actor: actor, action: opt.Action, now: s.now().UTC(), mode: keepStored, issued: issued}, e)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// DeleteTx removes the enterprise record id (a reservation that ended
// without registration) with its outbox entry and an audit entry. A missing
// record is not an error.
func (s *Service) DeleteTx(tx *store.Tx, actor, id, action string) error {
	return s.remove(tx, actor, id, action, s.now().UTC())
}

// GetTx reads the enterprise record id in tx; store.ErrNotFound when missing.
func (s *Service) GetTx(tx *store.Tx, id string) (*Enterprise, error) {
	var e Enterprise
	if err := tx.Get(store.EnterpriseKey(id), &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// EachTx calls fn, in tx, for each of the at most limit enterprise
// records whose id sorts after after ("": from the first), in id order;
// it returns the id of the last record read and whether records follow
// it. The records are read first, then fn runs: fn may write in tx.
func (s *Service) EachTx(tx *store.Tx, after string, limit int, fn func(*Enterprise) error) (string, bool, error) {
	start := ""
	if after != "" {
		start = store.EnterpriseKey(after)
	}
	var batch []*Enterprise
	more := false
	err := tx.Scan(store.PrefixEnterprise, start, false, func(k string, v []byte) (bool, error) {
		if k == start {
			return true, nil
		}
		if len(batch) == limit {
			more = true
			return false, nil
		}
		var e Enterprise
		if err := json.Unmarshal(v, &e); err != nil {
			return false, fmt.Errorf("decode %s: %w", k, err)
		}
		batch = append(batch, &e)
		return true, nil
	})
	if err != nil {
		return "", false, err
	}
	last := ""
	for _, e := range batch {
		if err := fn(e); err != nil {
			return "", false, err
		}
		last = e.ID
	}
	return last, more, nil
}

// InputOf is the input that writes e again.
func InputOf(e *Enterprise) Input {
	return Input{
		Name: e.Name, USCC: e.USCC, Status: e.Status, StatusDate: e.StatusDate,
		IndustryCode: e.IndustryCode, AuthorityCode: e.AuthorityCode, EntType: e.EntType,
		Investors:   append([]string(nil), e.Investors...),
		Established: e.Established, LegalRep: e.LegalRep, SmallMicro: e.SmallMicro,
	}
}

// WithoutPersonal is what a public answer may show of e: the legal
// representative (personal data) left out.
func WithoutPersonal(e *Enterprise) *Enterprise {
	if e == nil || e.LegalRep == "" {
		return e
	}
	c := *e
	c.LegalRep = ""
	return &c
}
