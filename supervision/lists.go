package supervision

import (
	"context"
	"errors"

	"namescope/store"
)

// The records of an enterprise: its cases (svcu/), checks (svku/) and
// bases (svbu/), listed through their per-enterprise index, oldest first
// (ids are sequence numbers).

func basisUSCCKey(uscc, id string) string { return store.PrefixSupBasisUSCC + uscc + "/" + id }
func checkUSCCKey(uscc, id string) string { return store.PrefixSupCheckUSCC + uscc + "/" + id }

// listByUSCC reads the records of uscc listed under the index prefix idx,
// each stored at rec+id.
func listByUSCC[T any](s *Service, uscc, idx, rec string) ([]T, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	out := []T{}
	err = s.db.View(func(tx *store.Tx) error {
		p := idx + uscc + "/"
		var ids []string
		if err := tx.Keys(p, func(k string) error { ids = append(ids, k[len(p):]); return nil }); err != nil {
			return err
		}
		for _, id := range ids {
			var v T
			if err := tx.Get(rec+id, &v); err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// Cases lists the cases of an enterprise, oldest first.
func (s *Service) Cases(ctx context.Context, uscc string) ([]Case, error) {
	return listByUSCC[Case](s, uscc, store.PrefixSupCaseUSCC, store.PrefixSupCase)
}

// Checks lists the checks of an enterprise, oldest first.
func (s *Service) Checks(ctx context.Context, uscc string) ([]Check, error) {
	return listByUSCC[Check](s, uscc, store.PrefixSupCheckUSCC, store.PrefixSupCheck)
}

// Bases lists the recorded bases of an enterprise, oldest first.
func (s *Service) Bases(ctx context.Context, uscc string) ([]Basis, error) {
	return listByUSCC[Basis](s, uscc, store.PrefixSupBasisUSCC, store.PrefixSupBasis)
}

// usccIndexMeta marks a store whose checks and bases are all indexed by
// enterprise (they were not before these lists existed).
const usccIndexMeta = "supervision-uscc-index"

// EnsureUSCCIndex indexes by enterprise the checks and bases recorded
// before the index existed (once, in batches; at start). It returns how
// many index keys it wrote.
func (s *Service) EnsureUSCCIndex(ctx context.Context) (int, error) {
	var done bool
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(store.MetaKey(usccIndexMeta), &done) })
	switch {
	case err == nil && done:
		return 0, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return 0, err
	}
	// The index keys every record needs: its key → its index key.
	var want [][2]string
	err = s.db.View(func(tx *store.Tx) error {
		if err := tx.Keys(store.PrefixSupBasis, func(k string) error {
			var b Basis
			if err := tx.Get(k, &b); err != nil {
				return err
			}
			want = append(want, [2]string{k, basisUSCCKey(b.USCC, b.ID)})
			return nil
		}); err != nil {
			return err
		}
		return tx.Keys(store.PrefixSupCheck, func(k string) error {
			var c Check
			if err := tx.Get(k, &c); err != nil {
				return err
			}
			want = append(want, [2]string{k, checkUSCCKey(c.USCC, c.ID)})
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	n := 0
	const batch = 5000
	for len(want) > 0 {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		part := want[:min(batch, len(want))]
		want = want[len(part):]
		err := s.db.Update(func(tx *store.Tx) error {
			for _, kv := range part {
				if err := tx.Put(kv[1], ""); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, s.db.Update(func(tx *store.Tx) error { return tx.Put(store.MetaKey(usccIndexMeta), true) })
}
