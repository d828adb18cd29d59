package registry

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/name"
	"namescope/store"
)

// MaxSearchResults bounds one registry look-up.
const MaxSearchResults = 100

// Search looks enterprises up by unified social credit code, full name, or
// a 字号 or fragment of one (two characters at least), within a scope.
func (s *Service) Search(ctx context.Context, scope, q string, limit int) ([]Enterprise, error) {
	q = strings.TrimSpace(q)
	if limit <= 0 || limit > MaxSearchResults {
		limit = 20
	}
	if utf8.RuneCountInString(q) < 2 || utf8.RuneCountInString(q) > name.MaxNameRunes {
		return nil, apperr.Invalid("查询词 q 应为 2–%d 个字符（企业名称、字号或统一社会信用代码）", name.MaxNameRunes)
	}
	if _, ok := dict.AuthorityScope(scope); !ok {
		return nil, apperr.Invalid("未知的行政区划代码 %q", scope)
	}
	scope, _ = dict.AuthorityScope(scope)
	if code := strings.ToUpper(q); ValidUSCC(code) {
		e, err := s.Get(ctx, code)
		if apperr.CodeOf(err) == apperr.CodeNotFound {
			return []Enterprise{}, nil
		}
		if err != nil {
			return nil, err
		}
		return []Enterprise{*Public(e)}, nil
	}
	norm := dict.Normalize(q)
	text := norm
	// A full name or a 字号 with its industry: look up by the 字号.
	if p := name.Parse(q); utf8.RuneCountInString(p.TradeName) >= 2 {
		text = p.TradeName
	}
	ids, err := s.idx.Containing(ctx, scope, text, limit*5)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	out := []Enterprise{}
	err = s.db.View(func(tx *store.Tx) error {
		for _, id := range ids {
			var e Enterprise
			if err := tx.Get(store.EnterpriseKey(id), &e); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				return err
			}
			// A masked enterprise is never found by its name: that would
			// reveal its USCC (Reg 734 Art 23).
			if e.Masked {
				continue
			}
			if strings.Contains(e.Normalized, norm) || strings.Contains(e.TradeName, text) {
				out = append(out, e)
				if len(out) == limit {
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}

// History returns the audit entries of an enterprise, oldest first.
func (s *Service) History(ctx context.Context, id string) ([]json.RawMessage, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	h, err := s.db.History("enterprise/"+id, 1000)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if h == nil {
		h = []json.RawMessage{}
	}
	return h, nil
}
