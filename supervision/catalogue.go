package supervision

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

// The violation catalogue in force: the embedded data/violations.csv until
// an admin imports a version (PUT /api/v1/violations), then the latest
// imported version, kept in the store (svvc/<version>) and read again at
// start (LoadCatalogue). Versions are never changed or removed: an admin
// lists them (ViolationVersions) and puts an earlier one in force again
// as a new version (RestoreViolations).

// CatalogueVersion describes the catalogue in force: version 0 is the
// embedded file.
type CatalogueVersion struct {
	Version    int          `json:"version"`
	Source     string       `json:"source"` // embedded or imported
	SHA256     string       `json:"sha256"`
	Items      int          `json:"items"`
	Active     int          `json:"active"`
	Inactive   int          `json:"inactive"`
	ImportedBy *auth.Signer `json:"imported_by,omitempty"`
	ImportedAt *time.Time   `json:"imported_at,omitempty"`
	// RestoredFrom is the version a restored version copies
	// (RestoreViolations); ImportedBy and ImportedAt then say who restored
	// it and when.
	RestoredFrom *int `json:"restored_from,omitempty"`
}

// Catalogue sources.
const (
	CatalogueEmbedded = "embedded"
	CatalogueImported = "imported"
)

// storedCatalogue is an imported version as stored: its description and
// the CSV as imported, parsed again by ParseViolations when loaded.
type storedCatalogue struct {
	CatalogueVersion
	CSV string `json:"csv"`
}

// catalogue is a parsed version, immutable once published.
type catalogue struct {
	info   CatalogueVersion
	items  []Violation
	byCode map[string]*Violation
}

func newCatalogue(info CatalogueVersion, items []Violation) *catalogue {
	c := &catalogue{info: info, items: items, byCode: make(map[string]*Violation, len(items))}
	c.info.Items, c.info.Active, c.info.Inactive = len(items), 0, 0
	for i := range c.items {
		c.byCode[c.items[i].Code] = &c.items[i]
		if c.items[i].Active {
			c.info.Active++
		} else {
			c.info.Inactive++
		}
	}
	return c
}

func embeddedCatalogue() *catalogue {
	sum := sha256.Sum256(violationsCSV)
	return newCatalogue(CatalogueVersion{Source: CatalogueEmbedded, SHA256: hex.EncodeToString(sum[:])}, Violations())
}

// catalogueHead is the meta key holding the number of the latest imported
// version; writing it serializes concurrent imports.
var catalogueHead = store.MetaKey("supervision-violations-version")

func catalogueKey(version int) string {
	return fmt.Sprintf("%s%08d", store.PrefixSupCatalogue, version)
}

// maxCatalogueBytes bounds an imported catalogue.
const maxCatalogueBytes = 4 << 20

// catalogueNow returns the catalogue in force.
func (s *Service) catalogueNow() *catalogue { return s.cat.Load() }

// LoadCatalogue reads the latest imported catalogue version from the store,
// if any, and puts it in force (at start; the embedded file stays in force
// otherwise).
func (s *Service) LoadCatalogue() error {
	return s.db.View(func(tx *store.Tx) error {
		var head int
		switch err := tx.Get(catalogueHead, &head); {
		case errors.Is(err, store.ErrNotFound):
			return nil
		case err != nil:
			return err
		}
		var sc storedCatalogue
		if err := tx.Get(catalogueKey(head), &sc); err != nil {
			return fmt.Errorf("supervision: violation catalogue version %d: %w", head, err)
		}
		items, err := ParseViolations(bytes.NewReader([]byte(sc.CSV)))
		if err != nil {
			return fmt.Errorf("supervision: violation catalogue version %d: %w", head, err)
		}
		s.publish(newCatalogue(sc.CatalogueVersion, items))
		return nil
	})
}

// CatalogueInfo describes the catalogue in force.
func (s *Service) CatalogueInfo() CatalogueVersion { return s.catalogueNow().info }

// ImportViolations validates a violation catalogue (the CSV format of
// data/violations.csv, by ParseViolations) and stores it as a new version,
// audited with who imported it and when; it is in force from then on (the
// list, and the recommendations of cases opened after it). A faulty file
// is refused naming its line and column, and nothing is written. Only
// admin keys import.
func (s *Service) ImportViolations(ctx context.Context, by auth.Signer, csvText []byte) (*CatalogueVersion, error) {
	if by.Role != auth.RoleAdmin {
		return nil, apperr.Forbidden("只有管理员可以导入违法行为事项目录")
	}
	if len(csvText) == 0 {
		return nil, apperr.Invalid("请求体为空：应为违法行为事项目录的 CSV 文本（列同 supervision/data/violations.csv）")
	}
	if len(csvText) > maxCatalogueBytes {
		return nil, apperr.Invalid("目录过大：最多 %d 字节", maxCatalogueBytes)
	}
	items, err := ParseViolations(bytes.NewReader(csvText))
	if err != nil {
		var ce *CatalogueError
		if errors.As(err, &ce) {
			return nil, apperr.Invalid("违法行为事项目录有误，未导入：%s", ce.Chinese())
		}
		return nil, apperr.Invalid("违法行为事项目录无法读取，未导入")
	}
	if len(items) == 0 {
		return nil, apperr.Invalid("违法行为事项目录没有任何事项，未导入")
	}
	if !slices.ContainsFunc(items, func(v Violation) bool { return v.Active }) {
		return nil, apperr.Invalid("违法行为事项目录没有启用的事项（active 为 true），未导入")
	}
	var cat *catalogue
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		var head int
		if err := tx.Get(catalogueHead, &head); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		cat, err = s.addVersionTx(tx, by, head, csvText, items, nil)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	s.publish(cat)
	info := cat.info
	return &info, nil
}

// addVersionTx stores csvText (parsed as items) as the version after head,
// in force from the commit on, audited: an import, or a restore of the
// version restoredFrom.
func (s *Service) addVersionTx(tx *store.Tx, by auth.Signer, head int, csvText []byte, items []Violation, restoredFrom *int) (*catalogue, error) {
	sum := sha256.Sum256(csvText)
	at := s.now().UTC()
	signer := by
	cat := newCatalogue(CatalogueVersion{Version: head + 1, Source: CatalogueImported, SHA256: hex.EncodeToString(sum[:]),
		ImportedBy: &signer, ImportedAt: &at, RestoredFrom: restoredFrom}, items)
	if err := tx.Put(catalogueKey(cat.info.Version), storedCatalogue{CatalogueVersion: cat.info, CSV: string(csvText)}); err != nil {
		return nil, err
	}
	if err := tx.Put(catalogueHead, cat.info.Version); err != nil {
		return nil, err
	}
	action, note := "supervision.violations.import", ""
	if restoredFrom != nil {
		action, note = "supervision.violations.restore", fmt.Sprintf("恢复第 %d 版", *restoredFrom)
	}
	before := s.catalogueNow().info
	return cat, tx.Audit(store.AuditEntry{At: at, Actor: by.Actor(), Action: action,
		Object: fmt.Sprintf("violations/%d", cat.info.Version), Before: before, After: cat.info, Note: note})
}

// CatalogueEntry is a version of the catalogue as listed for admin keys.
type CatalogueEntry struct {
	CatalogueVersion
	// Current: the version in force.
	Current bool `json:"current"`
}

// CatalogueVersions is GET /api/v1/violations/versions: every version,
// newest first, the embedded file (version 0) last.
type CatalogueVersions struct {
	Current  int              `json:"current"`
	Versions []CatalogueEntry `json:"versions"`
}

// ViolationVersions lists every version of the violation catalogue: the
// imported and restored ones with who stored them, when, and their item
// counts, then the embedded file. Only admin keys list them.
func (s *Service) ViolationVersions(ctx context.Context, by auth.Signer) (*CatalogueVersions, error) {
	if by.Role != auth.RoleAdmin {
		return nil, apperr.Forbidden("只有管理员可以查看违法行为事项目录的版本")
	}
	out := &CatalogueVersions{Versions: []CatalogueEntry{}}
	err := s.db.View(func(tx *store.Tx) error {
		switch err := tx.Get(catalogueHead, &out.Current); {
		case errors.Is(err, store.ErrNotFound):
			out.Current = 0
		case err != nil:
			return err
		}
		return tx.Scan(store.PrefixSupCatalogue, "", true, func(k string, v []byte) (bool, error) {
			if err := ctx.Err(); err != nil {
				return false, err
			}
			// The version without its CSV text.
			var info CatalogueVersion
			if err := json.Unmarshal(v, &info); err != nil {
				return false, fmt.Errorf("decode %s: %w", k, err)
			}
			out.Versions = append(out.Versions, CatalogueEntry{CatalogueVersion: info, Current: info.Version == out.Current})
			return true, nil
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	out.Versions = append(out.Versions, CatalogueEntry{CatalogueVersion: embeddedCatalogue().info, Current: out.Current == 0})
	return out, nil
}

// RestoreViolations puts an earlier version of the catalogue (0: the
// embedded file of this binary) in force again, as a new version that
// copies it (restored_from), audited with who restored it and when
// (supervision.violations.restore). The version in force, or one that
// does not exist, cannot be restored; a version the current loader no
// longer accepts is refused with its fault. Only admin keys restore.
func (s *Service) RestoreViolations(ctx context.Context, by auth.Signer, version int) (*CatalogueVersion, error) {
	if by.Role != auth.RoleAdmin {
		return nil, apperr.Forbidden("只有管理员可以恢复违法行为事项目录的版本")
	}
	if version < 0 {
		return nil, apperr.Invalid("版本号应为不小于 0 的整数")
	}
	var cat *catalogue
	err := s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		var head int
		if err := tx.Get(catalogueHead, &head); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		switch {
		case version > head:
			return apperr.NotFound("违法行为事项目录没有第 %d 版（最新为第 %d 版）", version, head)
		case version == head:
			return apperr.Conflict("第 %d 版就是现行版本，无需恢复", version)
		}
		csvText, err := versionCSVTx(tx, version)
		if err != nil {
			return err
		}
		current, err := versionCSVTx(tx, head)
		if err != nil {
			return err
		}
		if bytes.Equal(csvText, current) {
			return apperr.Conflict("第 %d 版与现行的第 %d 版内容相同，无需恢复", version, head)
		}
		items, err := ParseViolations(bytes.NewReader(csvText))
		if err != nil {
			var ce *CatalogueError
			if errors.As(err, &ce) {
				return apperr.Conflict("第 %d 版不符合现行的目录校验规则，未恢复：%s", version, ce.Chinese())
			}
			return apperr.Conflict("第 %d 版无法读取，未恢复", version)
		}
		from := version
		cat, err = s.addVersionTx(tx, by, head, csvText, items, &from)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	s.publish(cat)
	info := cat.info
	return &info, nil
}

// publish puts cat in force unless a later version already is (two
// imports committed one after the other may publish in the other order).
func (s *Service) publish(cat *catalogue) {
	for {
		cur := s.cat.Load()
		if cur.info.Version >= cat.info.Version || s.cat.CompareAndSwap(cur, cat) {
			return
		}
	}
}

// catalogueSlot holds the catalogue in force.
type catalogueSlot = atomic.Pointer[catalogue]

// versionCSVTx is the CSV text of a version: the embedded file for 0.
func versionCSVTx(tx *store.Tx, version int) ([]byte, error) {
	if version == 0 {
		return violationsCSV, nil
	}
	var sc storedCatalogue
	if err := tx.Get(catalogueKey(version), &sc); err != nil {
		return nil, fmt.Errorf("supervision: violation catalogue version %d: %w", version, err)
	}
	return []byte(sc.CSV), nil
}
