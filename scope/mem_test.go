package scope

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"namescope/apperr"
)

// memCatalogueStore is the in-memory CatalogueStore of the tests: it keeps
// every version serialized, as a real store would.
type memCatalogueStore struct {
	mu       sync.Mutex
	versions [][]byte
	infos    []CatalogueInfo
	failSave error
}

func (m *memCatalogueStore) SaveVersion(_ context.Context, cat *Catalogue) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failSave != nil {
		return 0, m.failSave
	}
	v := len(m.versions) + 1
	b, err := json.Marshal(cat.WithVersion(v))
	if err != nil {
		return 0, err
	}
	m.versions = append(m.versions, b)
	info := cat.WithVersion(v).Info()
	info.SavedAt = time.Date(2026, 1, v, 0, 0, 0, 0, time.UTC)
	m.infos = append(m.infos, info)
	return v, nil
}

func (m *memCatalogueStore) Active(context.Context) (*Catalogue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.versions) == 0 {
		return nil, apperr.NotFound("no catalogue imported")
	}
	return DecodeCatalogue(bytes.NewReader(m.versions[len(m.versions)-1]))
}

func (m *memCatalogueStore) Versions(context.Context) ([]CatalogueInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]CatalogueInfo(nil), m.infos...), nil
}

// memNoticeStore is the in-memory NoticeStore of the tests. Cursors are
// positions in the department's queue.
type memNoticeStore struct {
	mu     sync.Mutex
	byDept map[string][]Notice
	ids    map[string]bool
}

func newMemNoticeStore() *memNoticeStore {
	return &memNoticeStore{byDept: map[string][]Notice{}, ids: map[string]bool{}}
}

func (m *memNoticeStore) Add(_ context.Context, ns []Notice, also ...Also) error {
	if len(also) > 0 {
		return errors.New("memNoticeStore: no transaction for the also work")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, n := range ns {
		if m.ids[n.ID] {
			continue
		}
		m.ids[n.ID] = true
		m.byDept[n.DeptID] = append(m.byDept[n.DeptID], n)
	}
	return nil
}

func (m *memNoticeStore) ListByDept(_ context.Context, dept string, page NoticePage) (NoticeList, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	start := 0
	if page.After != "" {
		n, err := strconv.Atoi(page.After)
		if err != nil {
			return NoticeList{}, apperr.Invalid("bad cursor %q", page.After)
		}
		start = n
	}
	limit := page.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	q := m.byDept[dept]
	out := NoticeList{Notices: []Notice{}}
	i := start
	for ; i < len(q) && len(out.Notices) < limit; i++ {
		if page.Pending && q[i].Acked() {
			continue
		}
		out.Notices = append(out.Notices, q[i])
	}
	if i < len(q) {
		out.Next = strconv.Itoa(i)
	}
	return out, nil
}

func (m *memNoticeStore) Ack(_ context.Context, dept, id string, at time.Time) (Notice, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, n := range m.byDept[dept] {
		if n.ID == id {
			if !n.Acked() {
				m.byDept[dept][i].AckedAt = at
			}
			return m.byDept[dept][i], nil
		}
	}
	return Notice{}, apperr.NotFound("notice %s not found for %s", id, dept)
}
