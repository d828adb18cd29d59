package registry

import (
	"context"
	"errors"
	"fmt"

	"namescope/name"
	"namescope/store"
)

// An enterprise record keeps the parts of its name the check compares
// (normalized name, 字号, industry expression): they are derived by
// name.Parse when the record is written, and the name index, the compact
// comparison records and the 字号 listing on which grants decide are all
// keyed on them. When the parser changes, a name already stored may parse
// otherwise; Reparse derives the parts again so that a check and a grant
// under the new parser find every name under the 字号 it now has.

// parserMeta records the name.ParserVersion the stored parts come from.
const parserMeta = "name_parser_version"

// derive sets the parts of the record that come from its name's parse.
func (e *Enterprise) derive(p *name.Parts) {
	e.Normalized = p.Normalized
	e.TradeName = p.TradeName
	e.IndustryExpr = p.Industry
	e.NameIndustry = ""
	if p.HasIndustry() {
		e.NameIndustry = p.NameIndustry.String()
	}
	e.IndustryGroup = ""
	for _, t := range p.IndustryTerms {
		if t.Group != "" && t.Kind == "industry" {
			e.IndustryGroup = t.Group
			break
		}
	}
}

// Reparse derives the parts of every stored name again when the store's
// records come from another parser version than this binary's, moving the
// records whose parts changed in the 字号 listing and the name index (via
// the outbox: ApplyOutbox brings the index up to date). It returns how
// many records changed; a store of the current version is one read.
func (s *Service) Reparse(ctx context.Context) (int, error) {
	var v int
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(store.MetaKey(parserMeta), &v) })
	if err == nil && v == name.ParserVersion {
		return 0, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	changed, err := s.rewriteAll(ctx, commitChunk, func(e *Enterprise) bool {
		old := *e
		e.derive(name.Parse(e.Name))
		return e.Normalized != old.Normalized || e.TradeName != old.TradeName || e.IndustryExpr != old.IndustryExpr ||
			e.NameIndustry != old.NameIndustry || e.IndustryGroup != old.IndustryGroup
	}, func(tx *store.Tx, e *Enterprise) error {
		// The record as stored (not the scan's copy) is what a concurrent
		// write may have changed meanwhile.
		var cur Enterprise
		if err := tx.Get(store.EnterpriseKey(e.ID), &cur); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		}
		if err := unlist(tx, &cur); err != nil {
			return err
		}
		cur.derive(name.Parse(cur.Name))
		if err := tx.Put(store.EnterpriseKey(cur.ID), &cur); err != nil {
			return err
		}
		if err := tx.PutRaw(store.CandidateKey(cur.ID), []byte(encodeCandidate(&cur))); err != nil {
			return err
		}
		if _, err := list(tx, &cur); err != nil {
			return err
		}
		return tx.Enqueue(outboxTopic, cur.ID)
	})
	if err != nil {
		return changed, err
	}
	return changed, s.db.Update(func(tx *store.Tx) error {
		if err := tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: "system:migrate", Action: "enterprise.reparse",
			Object: "enterprise/*", Count: changed, Note: fmt.Sprintf("名称解析规则版本 %d：重新解析已登记名称的组成部分", name.ParserVersion)}); err != nil {
			return err
		}
		return tx.Put(store.MetaKey(parserMeta), name.ParserVersion)
	})
}

// rewriteAll scans every enterprise record in key order, batch records at
// a time: pick says whether a record (which it may change) is rewritten,
// and write rewrites each picked record, one transaction per batch. It
// returns how many records were rewritten. The migrations at start-up use
// it.
func (s *Service) rewriteAll(ctx context.Context, batch int, pick func(*Enterprise) bool, write func(*store.Tx, *Enterprise) error) (int, error) {
	n, after := 0, ""
	for {
		var picked []*Enterprise
		err := s.db.View(func(tx *store.Tx) error {
			start := ""
			if after != "" {
				start = after + "\x00"
			}
			return tx.Scan(store.PrefixEnterprise, start, false, func(k string, b []byte) (bool, error) {
				e, err := decodeEnterprise(b)
				if err != nil {
					return false, fmt.Errorf("%s: %w", k, err)
				}
				after = k
				if pick(e) {
					picked = append(picked, e)
				}
				return len(picked) < batch, nil
			})
		})
		if err != nil || len(picked) == 0 {
			return n, err
		}
		err = s.db.Update(func(tx *store.Tx) error {
			for _, e := range picked {
				if err := write(tx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(picked)
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
}
