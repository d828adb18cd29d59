package scope

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// Key layout of the scope stores (see package store for the rest):
//
//	cat/<version:08d>        a catalogue version (JSON, with its entries), kept for audit
//	meta/catalogue_active    the active version number
//	ntc/<dept>/<seq:016x>    a 双告知 notice in its department's queue
//	ntcid/<notice id>        the queue key of a notice (idempotent Add, Ack)
const (
	prefixCatalogue = store.PrefixCatalogue
	prefixNotice    = store.PrefixNotice
	prefixNoticeID  = store.PrefixNoticeID
	activeKey       = "catalogue_active"
)

// DBStores keeps catalogues and notices in the badger store.
type DBStores struct {
	db  *store.DB
	now func() time.Time
}

// NewDBStores returns the catalogue and notice stores on db.
func NewDBStores(db *store.DB) *DBStores { return &DBStores{db: db, now: time.Now} }

var (
	_ CatalogueStore = (*DBStores)(nil)
	_ NoticeStore    = (*DBStores)(nil)
)

type storedCatalogue struct {
	Info      CatalogueInfo   `json:"info"`
	Catalogue json.RawMessage `json:"catalogue"`
}

// SaveVersion stores cat as the next version and makes it active, with an
// audit entry, in one transaction.
func (d *DBStores) SaveVersion(ctx context.Context, cat *Catalogue) (int, error) {
	v := 0
	err := d.db.Update(func(tx *store.Tx) error {
		var active int
		if err := tx.Get(store.MetaKey(activeKey), &active); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		// Versions only grow: the last stored one is the highest.
		last := 0
		err := tx.Scan(prefixCatalogue, "", true, func(k string, _ []byte) (bool, error) {
			fmt.Sscanf(strings.TrimPrefix(k, prefixCatalogue), "%d", &last)
			return false, nil
		})
		if err != nil {
			return err
		}
		v = last + 1
		versioned := cat.WithVersion(v)
		body, err := json.Marshal(versioned)
		if err != nil {
			return err
		}
		info := versioned.Info()
		info.SavedAt = d.now().UTC()
		if err := tx.Put(fmt.Sprintf("%s%08d", prefixCatalogue, v), storedCatalogue{Info: info, Catalogue: body}); err != nil {
			return err
		}
		if err := tx.Put(store.MetaKey(activeKey), v); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: info.SavedAt, Actor: "scope", Action: "catalogue.import",
			Object: fmt.Sprintf("catalogue/%d", v), Before: active, After: info})
	})
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return v, nil
}

// Active returns the active catalogue, or NotFound when none was imported.
func (d *DBStores) Active(ctx context.Context) (*Catalogue, error) {
	var sc storedCatalogue
	err := d.db.View(func(tx *store.Tx) error {
		var v int
		if err := tx.Get(store.MetaKey(activeKey), &v); err != nil {
			return err
		}
		return tx.Get(fmt.Sprintf("%s%08d", prefixCatalogue, v), &sc)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("尚未导入经营范围目录")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return DecodeCatalogue(bytes.NewReader(sc.Catalogue))
}

// Versions lists every stored version, oldest first.
func (d *DBStores) Versions(ctx context.Context) ([]CatalogueInfo, error) {
	var out []CatalogueInfo
	err := d.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefixCatalogue, "", false, func(_ string, v []byte) (bool, error) {
			var sc struct {
				Info CatalogueInfo `json:"info"`
			}
			if err := json.Unmarshal(v, &sc); err != nil {
				return false, err
			}
			out = append(out, sc.Info)
			return true, nil
		})
	})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}

// Add queues notices whose id is new, in one transaction.
func (d *DBStores) Add(ctx context.Context, notices []Notice, also ...Also) error {
	err := d.db.UpdateContext(ctx, func(tx *store.Tx) error {
		for _, n := range notices {
			var existing string
			if err := tx.Get(prefixNoticeID+n.ID, &existing); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			seq, err := d.db.Next("notice")
			if err != nil {
				return err
			}
			if n.CreatedAt.IsZero() {
				n.CreatedAt = d.now().UTC()
			}
			k := fmt.Sprintf("%s%s/%016x", prefixNotice, n.DeptID, seq)
			if err := tx.Put(k, n); err != nil {
				return err
			}
			if err := tx.Put(prefixNoticeID+n.ID, k); err != nil {
				return err
			}
		}
		for _, f := range also {
			if err := f(tx); err != nil {
				return err
			}
		}
		return nil
	})
	var ae *apperr.Error
	if err != nil && !errors.As(err, &ae) {
		return apperr.Internal(err)
	}
	return err
}

// ListByDept returns a page of a department's notices, oldest first.
func (d *DBStores) ListByDept(ctx context.Context, deptID string, page NoticePage) (NoticeList, error) {
	limit := page.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 500 {
		limit = 500
	}
	prefix := prefixNotice + deptID + "/"
	start := ""
	if page.After != "" {
		if !strings.HasPrefix(page.After, prefix) {
			return NoticeList{}, apperr.Invalid("分页游标 after 无效")
		}
		start = page.After + "\x00"
	}
	list := NoticeList{Notices: []Notice{}}
	err := d.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefix, start, false, func(k string, v []byte) (bool, error) {
			var n Notice
			if err := json.Unmarshal(v, &n); err != nil {
				return false, err
			}
			if page.Pending && n.Acked() {
				return true, nil
			}
			if len(list.Notices) == limit {
				return false, nil
			}
			list.Notices = append(list.Notices, n)
			list.Next = k
			return true, nil
		})
	})
	if err != nil {
		return NoticeList{}, apperr.Internal(err)
	}
	if len(list.Notices) < limit {
		list.Next = ""
	}
	return list, nil
}

// Ack marks a notice of deptID acknowledged (the first time counts).
func (d *DBStores) Ack(ctx context.Context, deptID, noticeID string, at time.Time) (Notice, error) {
	var n Notice
	err := d.db.Update(func(tx *store.Tx) error {
		var k string
		if err := tx.Get(prefixNoticeID+noticeID, &k); err != nil {
			return err
		}
		if !strings.HasPrefix(k, prefixNotice+deptID+"/") {
			return store.ErrNotFound
		}
		if err := tx.Get(k, &n); err != nil {
			return err
		}
		if n.Acked() {
			return nil
		}
		n.AckedAt = at.UTC()
		if err := tx.Put(k, n); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: n.AckedAt, Actor: "dept:" + deptID, Action: "notice.ack", Object: "notice/" + noticeID})
	})
	if errors.Is(err, store.ErrNotFound) {
		return Notice{}, apperr.NotFound("部门 %s 没有编号为 %s 的告知", deptID, noticeID)
	}
	if err != nil {
		return Notice{}, apperr.Internal(err)
	}
	return n, nil
}
