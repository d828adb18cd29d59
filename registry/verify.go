package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"namescope/index"
	"namescope/store"
)

// VerifyIndex compares the name index with the store, which is the source
// of truth: missing lists the ids of enterprise records the index lacks,
// extra the ids the index holds without a record, differ the ids indexed
// under another scope or 字号 than their record's. Each list is sorted.
//
// It is meaningful when no write is in flight (offline, or a service that
// has applied its outbox and is not being written to): a write between its
// commit and its index update shows as missing or differ.
func (s *Service) VerifyIndex(ctx context.Context) (missing, extra, differ []string, err error) {
	// No outbox scan or rebuild runs while the two sides are read.
	s.applyMu.Lock()
	defer s.applyMu.Unlock()

	want := map[string]index.DocSummary{}
	err = s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixEnterprise, "", false, func(k string, v []byte) (bool, error) {
			var e Enterprise
			if err := json.Unmarshal(v, &e); err != nil {
				return false, fmt.Errorf("decode %s: %w", k, err)
			}
			want[store.IDOf(k, store.PrefixEnterprise)] = index.SummaryOf(docOf(&e))
			return true, ctx.Err()
		})
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("verify index: read store: %w", err)
	}
	got, err := s.idx.DocIDs(ctx)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("verify index: %w", err)
	}
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			missing = append(missing, id)
		case g != w:
			differ = append(differ, id)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(differ)
	return missing, extra, differ, nil
}
