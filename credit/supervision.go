package credit

import (
	"time"

	"namescope/apperr"
	"namescope/store"
)

// What the supervision module (package supervision) reads and writes of
// the credit file inside its own transactions.

// DesignationTx returns the manual new-economy designation of an
// enterprise, nil when staff never set one.
func DesignationTx(tx *store.Tx, uscc string) (*Designation, error) { return designationTx(tx, uscc) }

// EventsTx returns the events of an enterprise's credit file, oldest first.
func EventsTx(tx *store.Tx, uscc string) ([]Event, error) { return eventsTx(tx, uscc) }

// RecordPenaltyTx records a penalty decision in tx, the transaction of the
// decision that causes it (a supervision case whose penalty decision was
// signed by two people), with RecordPenalty's validation, publication and
// idempotency; the decision date may not be after today.
func (s *Service) RecordPenaltyTx(tx *store.Tx, by Actor, in PenaltyInput) (*PenaltyResult, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	decided, _ := time.Parse(dateLayout, in.DecidedOn)
	if decided.After(s.today()) {
		return nil, apperr.Invalid("decided_on（%s）不能晚于今天", in.DecidedOn)
	}
	return s.recordPenaltyTx(tx, by, &in)
}

// SetNewEconomy makes f decide whether an enterprise is designated
// new-economy for the rules that depend on it ("guidance first"): the
// supervision module's designation, automatic or manual. Without it, the
// manual designation alone decides.
func (s *Service) SetNewEconomy(f func(tx *store.Tx, uscc string) (bool, error)) { s.newEconomy = f }

func (s *Service) newEconomyTx(tx *store.Tx, uscc string) (bool, error) {
	if s.newEconomy != nil {
		return s.newEconomy(tx, uscc)
	}
	d, err := designationTx(tx, uscc)
	return err == nil && d != nil && d.NewEconomy, err
}

// OnDesignationTx makes f run in the transaction of every manual
// designation (SetDesignation), after it is written: the supervision
// module keeps its new-economy register there, in the same commit.
func (s *Service) OnDesignationTx(f func(tx *store.Tx, uscc string) error) { s.designated = f }
