package registry

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"namescope/apperr"
	"namescope/name"
	"namescope/store"
)

// tradeNameIndexVersion marks a store whose 字号 listing (tn/, tg/) is
// complete. Stores written before the listing existed get it at start-up.
const (
	tradeNameIndexMeta    = "tradename_index"
	tradeNameIndexVersion = "2" // 2: the listing carries the comparison record
)

// EnsureTradeNameIndex lists every enterprise under its scope and 字号 when
// the store predates that listing (the grants of names decide on it). It
// returns how many records it listed; 0 when the listing was complete.
func (s *Service) EnsureTradeNameIndex(ctx context.Context) (int, error) {
	var v string
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(store.MetaKey(tradeNameIndexMeta), &v) })
	if err == nil && v == tradeNameIndexVersion {
		return 0, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	n, err := s.rewriteAll(ctx, 5000, func(*Enterprise) bool { return true }, func(tx *store.Tx, e *Enterprise) error {
		_, err := list(tx, e)
		return err
	})
	if err != nil {
		return n, err
	}
	return n, s.db.Update(func(tx *store.Tx) error {
		return tx.Put(store.MetaKey(tradeNameIndexMeta), tradeNameIndexVersion)
	})
}

// DuplicatePair is two enterprises of one scope whose names the law treats
// as identical today (Reg 734 Art 17): decided elsewhere, or granted
// before this service decided grants in their transaction.
type DuplicatePair struct {
	Scope     string        `json:"scope"`
	TradeName string        `json:"trade_name"`
	A         IdenticalName `json:"a"`
	B         IdenticalName `json:"b"`
}

// Duplicates lists the identical pairs in the store, by scope and 字号.
func (s *Service) Duplicates(ctx context.Context) ([]DuplicatePair, error) {
	var out []DuplicatePair
	today := s.now()
	err := s.db.View(func(tx *store.Tx) error {
		group := ""
		var ids []string
		flush := func() error {
			if len(ids) < 2 {
				return nil
			}
			var cands []name.Existing
			for _, id := range ids {
				x, ok, err := candidate(tx, id, nil)
				if err != nil {
					return err
				}
				if ok {
					cands = append(cands, x)
				}
			}
			cmps := make([]*name.Comparer, len(cands))
			for i := range cands {
				cmps[i] = name.NewComparer(&cands[i], name.Parse(cands[i].Name), today, s.Level)
			}
			for i := range cands {
				a := &cands[i]
				for j := i + 1; j < len(cands); j++ {
					b := &cands[j]
					if a.USCC != "" && a.USCC == b.USCC {
						continue // the same enterprise's current and former names
					}
					if cmps[i].To(b) == name.Identical || cmps[j].To(a) == name.Identical {
						out = append(out, DuplicatePair{
							Scope: a.Scope, TradeName: a.TradeName,
							A: IdenticalName{ID: a.ID, Name: a.Name, USCC: a.USCC, Status: a.Status},
							B: IdenticalName{ID: b.ID, Name: b.Name, USCC: b.USCC, Status: b.Status},
						})
					}
				}
			}
			return ctx.Err()
		}
		err := tx.Keys(store.PrefixTradeName, func(k string) error {
			i := strings.LastIndexByte(k, '/')
			g, id := k[:i], k[i+1:]
			if g != group {
				if err := flush(); err != nil {
					return err
				}
				group, ids = g, ids[:0]
			}
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}

func decodeEnterprise(b []byte) (*Enterprise, error) {
	var e Enterprise
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, err
	}
	return &e, nil
}
