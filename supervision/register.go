package supervision

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"namescope/apperr"
	"namescope/store"
)

// The new-economy register (新经济企业名录): one row per enterprise
// designated new-economy, automatically or by hand, under svne/<uscc>.
//
// A row is derived from three records: the enterprise (its name, status,
// industry code, establishment date and small-and-micro flag, written by
// the registry), its business-scope entry codes (svsc/, written here) and
// the manual designation (csv/, written by credit). It is written in the
// transaction of every write of any of them, so that the register never
// disagrees with the profile (GET /enterprises/{uscc}/supervision):
//
//   - the registry's one write path calls registry.DerivedHook, which
//     internal/app implements with IndexEnterpriseTx and
//     UnindexEnterpriseTx (bulk imports and lifecycle writes included);
//   - recordScopeTx refreshes the row after writing the codes;
//   - credit.Service.SetDesignation calls the hook New installs
//     (credit.Service.OnDesignationTx).
//
// The grace period is not stored: it depends on the configuration and on
// today, and is computed when the register is read. What the row does
// depend on besides the records — the authored 三新 map and the rule that
// designates from it — is stamped in the store (registerMeta);
// EnsureRegister rebuilds the register at start when the stamp differs
// (a store of before the register, or a binary with another map).

// registerRow is a row as stored.
type registerRow struct {
	USCC        string   `json:"uscc"`
	Name        string   `json:"name"`
	Status      string   `json:"status"`
	Source      string   `json:"source"` // SourceAuto or SourceManual
	Categories  []string `json:"categories"`
	SmallMicro  bool     `json:"small_micro"`
	Established string   `json:"established,omitempty"`
}

func (r *registerRow) equal(o *registerRow) bool {
	return r.USCC == o.USCC && r.Name == o.Name && r.Status == o.Status && r.Source == o.Source &&
		slices.Equal(r.Categories, o.Categories) && r.SmallMicro == o.SmallMicro && r.Established == o.Established
}

// RegisterEntry is a row of the register as answered, with the grace
// period as of today.
type RegisterEntry struct {
	USCC        string   `json:"uscc"`
	Name        string   `json:"name"`
	Status      string   `json:"status"`
	Source      string   `json:"source"`
	Categories  []string `json:"categories"`
	SmallMicro  bool     `json:"small_micro"`
	Established string   `json:"established,omitempty"`
	// GraceMonths is the period that applies (small and micro or not);
	// GraceUntil its last day, when the establishment date is known.
	GraceMonths int    `json:"grace_months"`
	GraceUntil  string `json:"grace_until,omitempty"`
	InGrace     bool   `json:"in_grace"`
}

func registerKey(uscc string) string { return store.PrefixSupNewEconomy + uscc }

// indexTx brings the register row of e up to date in tx: written when e
// is designated new-economy, removed otherwise. It reports whether e is
// listed.
func (s *Service) indexTx(tx *store.Tx, e *Enterprise) (bool, error) {
	p, err := s.profileTx(tx, e)
	if err != nil {
		return false, err
	}
	key := registerKey(e.USCC)
	var old registerRow
	found := true
	switch err := tx.Get(key, &old); {
	case errors.Is(err, store.ErrNotFound):
		found = false
	case err != nil:
		return false, err
	}
	if !p.NewEconomy.Flag {
		if found {
			return false, tx.Delete(key)
		}
		return false, nil
	}
	row := registerRow{USCC: e.USCC, Name: e.Name, Status: e.Status, Source: p.NewEconomy.Source,
		Categories: slices.Clone(p.NewEconomy.Categories), SmallMicro: e.SmallMicro, Established: e.Established}
	if row.Categories == nil {
		row.Categories = []string{}
	}
	if found && row.equal(&old) {
		return true, nil
	}
	return true, tx.Put(key, &row)
}

// IndexEnterpriseTx brings the register row of the enterprise e, as just
// written in tx, up to date: the registry's write path calls it (through
// internal/app) for every record filed under its USCC.
func (s *Service) IndexEnterpriseTx(tx *store.Tx, e *Enterprise) error {
	if e == nil || e.USCC == "" {
		return nil
	}
	_, err := s.indexTx(tx, e)
	return err
}

// UnindexEnterpriseTx removes the register row of an enterprise whose
// record was removed in tx.
func (s *Service) UnindexEnterpriseTx(tx *store.Tx, uscc string) error {
	if uscc == "" {
		return nil
	}
	switch err := tx.Get(registerKey(uscc), &registerRow{}); {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	return tx.Delete(registerKey(uscc))
}

// refreshTx brings the register row of uscc up to date after a write of
// its scope codes or its manual designation in tx; an enterprise the
// registry does not know is not listed.
func (s *Service) refreshTx(tx *store.Tx, uscc string) error {
	e, err := s.ents.EnterpriseTx(tx, uscc)
	if err != nil {
		return err
	}
	if e == nil {
		return s.UnindexEnterpriseTx(tx, uscc)
	}
	_, err = s.indexTx(tx, e)
	return err
}

// ---------------------------------------------------------------------------
// Reading the register

// RegisterQuery filters and pages the register. Nil filters match every
// row.
type RegisterQuery struct {
	// InGrace: in the grace period today (true) or not (false).
	InGrace *bool
	// Category is one of the 9 三新 categories (its name).
	Category string
	// Source is SourceAuto or SourceManual.
	Source     string
	SmallMicro *bool
	// After is the Next of the page before ("" from the start): rows come
	// in USCC order.
	After string
	// Limit is the rows of a page (RegisterDefaultLimit when 0).
	Limit int
}

// Page sizes of the register.
const (
	RegisterDefaultLimit = 50
	RegisterMaxLimit     = 200
)

// RegisterPage is a page of the register; Next is the cursor of the
// following page ("" when there is none).
type RegisterPage struct {
	Items []RegisterEntry `json:"items"`
	Next  string          `json:"next"`
}

// checkRegisterQuery validates q and normalizes its cursor.
func checkRegisterQuery(q *RegisterQuery) error {
	switch {
	case q.Limit == 0:
		q.Limit = RegisterDefaultLimit
	case q.Limit < 0 || q.Limit > RegisterMaxLimit:
		return apperr.Invalid("limit 应为 1–%d 的整数", RegisterMaxLimit)
	}
	switch q.Source = strings.TrimSpace(q.Source); q.Source {
	case "", SourceAuto, SourceManual:
	default:
		return apperr.Invalid("source 应为 auto（自动认定）或 manual（人工认定）")
	}
	if q.Category = strings.TrimSpace(q.Category); q.Category != "" {
		cats := SanxinCategories()
		if !slices.ContainsFunc(cats, func(c SanxinCategory) bool { return c.Name == q.Category }) {
			names := make([]string, len(cats))
			for i, c := range cats {
				names[i] = c.Name
			}
			return apperr.Invalid("category “%s”不是三新统计分类的大类，应为：%s", clip(q.Category, 30), strings.Join(names, "、"))
		}
	}
	if q.After = strings.TrimSpace(q.After); q.After != "" {
		u, err := normUSCC(q.After)
		if err != nil {
			return apperr.Invalid("after 应为上一页答复中的 next（统一社会信用代码）")
		}
		q.After = u
	}
	return nil
}

// Register lists the new-economy register, filtered, in USCC order, one
// page at a time. Whether an enterprise is in its grace period is decided
// on today's date with the grace periods in force.
func (s *Service) Register(ctx context.Context, q RegisterQuery) (*RegisterPage, error) {
	if err := checkRegisterQuery(&q); err != nil {
		return nil, err
	}
	today := s.today()
	page := &RegisterPage{Items: []RegisterEntry{}}
	start := ""
	if q.After != "" {
		start = registerKey(q.After)
	}
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixSupNewEconomy, start, false, func(k string, v []byte) (bool, error) {
			if err := ctx.Err(); err != nil {
				return false, err
			}
			if k == start {
				return true, nil
			}
			var row registerRow
			if err := json.Unmarshal(v, &row); err != nil {
				return false, fmt.Errorf("decode %s: %w", k, err)
			}
			g := GraceFor(s.cfg, true, row.Established, row.SmallMicro, today)
			switch {
			case q.Source != "" && row.Source != q.Source,
				q.Category != "" && !slices.Contains(row.Categories, q.Category),
				q.SmallMicro != nil && row.SmallMicro != *q.SmallMicro,
				q.InGrace != nil && g.InGrace != *q.InGrace:
				return true, nil
			}
			if len(page.Items) == q.Limit {
				page.Next = page.Items[q.Limit-1].USCC
				return false, nil
			}
			page.Items = append(page.Items, RegisterEntry{USCC: row.USCC, Name: row.Name, Status: row.Status, Source: row.Source,
				Categories: row.Categories, SmallMicro: row.SmallMicro, Established: row.Established,
				GraceMonths: g.Months, GraceUntil: g.Until, InGrace: g.InGrace})
			return true, nil
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return page, nil
}

// ---------------------------------------------------------------------------
// Building the register

// registerLayout is the version of the rule that derives a row (which map
// rows designate, what a row holds): change it with that rule, and every
// store rebuilds its register at the next start.
const registerLayout = "1"

// registerMeta holds the stamp of the register in the store.
var registerMeta = store.MetaKey("supervision-new-economy-register")

// RegisterStamp is what the register was derived with: its layout and the
// embedded 三新 categories and map.
func RegisterStamp() string {
	h := sha256.New()
	h.Write([]byte("svne/" + registerLayout + "\n"))
	h.Write(sanxinCategoriesCSV)
	h.Write([]byte{0})
	h.Write(sanxinMapCSV)
	return hex.EncodeToString(h.Sum(nil))
}

// registerBatch is how many enterprise records one transaction of a
// rebuild reads.
const registerBatch = 2000

// EnsureRegister rebuilds the new-economy register when the store's stamp
// is not RegisterStamp (a store of before the register, or a binary with
// another 三新 map): every row is removed, then every enterprise the
// registry holds is indexed again, in transactions of registerBatch
// records. It runs at start, before anything is served, and returns how
// many enterprises it listed (0 when the register was up to date).
func (s *Service) EnsureRegister(ctx context.Context) (int, error) {
	stamp := RegisterStamp()
	var stored string
	switch err := s.db.View(func(tx *store.Tx) error { return tx.Get(registerMeta, &stored) }); {
	case err == nil && stored == stamp:
		return 0, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return 0, err
	}
	// Remove every row: an enterprise no longer designated, or no longer
	// in the registry, is not listed.
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var keys []string
		err := s.db.View(func(tx *store.Tx) error {
			return tx.Scan(store.PrefixSupNewEconomy, "", false, func(k string, _ []byte) (bool, error) {
				keys = append(keys, k)
				return len(keys) < registerBatch*5, nil
			})
		})
		if err != nil {
			return 0, err
		}
		if len(keys) == 0 {
			break
		}
		if err := s.db.Update(func(tx *store.Tx) error {
			for _, k := range keys {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	listed, after := 0, ""
	for {
		if err := ctx.Err(); err != nil {
			return listed, err
		}
		var n int
		var last string
		var more bool
		err := s.db.Update(func(tx *store.Tx) error {
			n = 0
			var err error
			last, more, err = s.ents.EnterprisesTx(tx, after, registerBatch, func(e *Enterprise) error {
				ok, err := s.indexTx(tx, e)
				if ok {
					n++
				}
				return err
			})
			return err
		})
		if err != nil {
			return listed, err
		}
		listed += n
		if !more {
			break
		}
		after = last
	}
	return listed, s.db.Update(func(tx *store.Tx) error { return tx.Put(registerMeta, stamp) })
}
