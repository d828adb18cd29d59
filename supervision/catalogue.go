package supervision

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
// start (LoadCatalogue).

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
	sum := sha256.Sum256(csvText)
	var cat *catalogue
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		var head int
		if err := tx.Get(catalogueHead, &head); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		at := s.now().UTC()
		signer := by
		cat = newCatalogue(CatalogueVersion{Version: head + 1, Source: CatalogueImported, SHA256: hex.EncodeToString(sum[:]),
			ImportedBy: &signer, ImportedAt: &at}, items)
		if err := tx.Put(catalogueKey(cat.info.Version), storedCatalogue{CatalogueVersion: cat.info, CSV: string(csvText)}); err != nil {
			return err
		}
		if err := tx.Put(catalogueHead, cat.info.Version); err != nil {
			return err
		}
		before := s.catalogueNow().info
		return tx.Audit(store.AuditEntry{At: at, Actor: by.Actor(), Action: "supervision.violations.import",
			Object: fmt.Sprintf("violations/%d", cat.info.Version), Before: before, After: cat.info})
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
