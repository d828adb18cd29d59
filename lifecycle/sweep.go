package lifecycle

import (
	"context"
	"encoding/json"

	"namescope/store"
)

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
		err := s.update(ctx, func(tx *store.Tx) error {
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
