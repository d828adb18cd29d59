package scope

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"namescope/apperr"
)

// CatalogueStore persists imported catalogue versions. SaveVersion assigns
// the next version number, keeps every version (for audit) and makes the
// saved one active; Active returns the active version, or (nil, nil) — or an
// apperr.NotFound — when none was ever imported; Versions lists them oldest
// first with SavedAt set. A store serializes a catalogue with json.Marshal
// (Catalogue is a json.Marshaler; cat.WithVersion(v) carries the number) and
// reads it back with DecodeCatalogue.
type CatalogueStore interface {
	SaveVersion(ctx context.Context, cat *Catalogue) (version int, err error)
	Active(ctx context.Context) (*Catalogue, error)
	Versions(ctx context.Context) ([]CatalogueInfo, error)
}

// Service is the scope capability over the active catalogue, safe for
// concurrent use. A re-import replaces the catalogue and its index in one
// atomic swap: a request sees either the old pair or the new one, never a
// mix, and the old index is closed once its last reader is done.
type Service struct {
	store   CatalogueStore
	notices NoticeStore
	now     func() time.Time

	importMu sync.Mutex // one import at a time
	active   atomic.Pointer[generation]
}

// generation is a searcher with the readers using it, so that the index of a
// replaced catalogue is closed only after its last reader is done.
type generation struct {
	s      *Searcher
	mu     sync.RWMutex
	closed bool
}

// Option configures a Service.
type Option func(*Service)

// WithNoticeStore sets where Notify keeps notices.
func WithNoticeStore(ns NoticeStore) Option { return func(s *Service) { s.notices = ns } }

// WithClock sets the time source (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService starts on the store's active catalogue, or on the built-in
// default when none was imported. A nil store keeps imports in memory only.
func NewService(ctx context.Context, store CatalogueStore, opts ...Option) (*Service, error) {
	s := &Service{store: store, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	cat := DefaultCatalogue()
	if store != nil {
		active, err := store.Active(ctx)
		switch {
		case err != nil && apperr.CodeOf(err) != apperr.CodeNotFound:
			return nil, err
		case err == nil && active != nil:
			cat = active
		}
	}
	searcher, err := NewSearcher(cat)
	if err != nil {
		return nil, err
	}
	s.active.Store(&generation{s: searcher})
	return s, nil
}

// errClosed is returned once Close has run.
var errClosed = errors.New("scope: service closed")

// acquire returns the current searcher and a release function.
func (s *Service) acquire() (*Searcher, func(), error) {
	for {
		g := s.active.Load()
		g.mu.RLock()
		if !g.closed {
			return g.s, g.mu.RUnlock, nil
		}
		g.mu.RUnlock()
		if s.active.Load() == g {
			return nil, nil, apperr.Internal(errClosed)
		}
		// Replaced and closed between Load and RLock: take the new one.
	}
}

// Catalogue is the active catalogue.
func (s *Service) Catalogue() *Catalogue {
	// The catalogue stays valid after its index is closed.
	return s.active.Load().s.cat
}

// Search ranks entries of the active catalogue.
func (s *Service) Search(ctx context.Context, q Query) (SearchResult, error) {
	sr, release, err := s.acquire()
	if err != nil {
		return SearchResult{}, err
	}
	defer release()
	return sr.Search(ctx, q)
}

// Compose assembles the registered scope text on the active catalogue.
func (s *Service) Compose(ctx context.Context, req ComposeRequest) (Composition, error) {
	if err := ctx.Err(); err != nil {
		return Composition{}, err
	}
	return Compose(s.Catalogue(), req)
}

// Normalize maps legacy scope text to entries of the active catalogue.
func (s *Service) Normalize(ctx context.Context, text string) (NormalizeResult, error) {
	sr, release, err := s.acquire()
	if err != nil {
		return NormalizeResult{}, err
	}
	defer release()
	return sr.Normalize(ctx, text)
}

// Import indexes cat (valid by construction), saves it as a new version and
// makes it active. Searches running meanwhile finish on the old version.
func (s *Service) Import(ctx context.Context, cat *Catalogue) (CatalogueInfo, error) {
	if cat == nil {
		return CatalogueInfo{}, apperr.Invalid("经营范围目录为空")
	}
	s.importMu.Lock()
	defer s.importMu.Unlock()
	// Index first: a catalogue that cannot be searched is never saved.
	searcher, err := NewSearcher(cat)
	if err != nil {
		return CatalogueInfo{}, err
	}
	version := s.Catalogue().Version() + 1
	if s.store != nil {
		version, err = s.store.SaveVersion(ctx, cat)
		if err != nil {
			_ = searcher.Close()
			return CatalogueInfo{}, err
		}
	}
	searcher.cat = cat.WithVersion(version)
	old := s.active.Swap(&generation{s: searcher})
	go func() {
		// Wait for the old catalogue's readers, then free its index.
		old.mu.Lock()
		defer old.mu.Unlock()
		if !old.closed { // Close may have run already
			old.closed = true
			_ = old.s.Close()
		}
	}()
	info := searcher.cat.Info()
	info.Active = true
	return info, nil
}

// Versions lists the stored versions and the built-in default (version 0),
// marking the active one.
func (s *Service) Versions(ctx context.Context) ([]CatalogueInfo, error) {
	active := s.Catalogue().Version()
	def := DefaultCatalogue().Info()
	out := []CatalogueInfo{def}
	if s.store != nil {
		vs, err := s.store.Versions(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Version != 0 {
				out = append(out, v)
			}
		}
	} else if active != 0 {
		out = append(out, s.Catalogue().Info())
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := range out {
		out[i].Active = out[i].Version == active
	}
	return out, nil
}

// Notices derives the 双告知 notices of a registration on the active catalogue.
func (s *Service) Notices(reg Registration) ([]Notice, error) {
	return Notices(s.Catalogue(), reg)
}

// ErrNoNoticeStore is returned by the notice methods of a Service built
// without WithNoticeStore.
var ErrNoNoticeStore = errors.New("scope: no notice store configured")

// Notify derives a registration's notices and stores them, with the also
// work in the same transaction.
func (s *Service) Notify(ctx context.Context, reg Registration, also ...Also) ([]Notice, error) {
	if s.notices == nil {
		return nil, apperr.Internal(ErrNoNoticeStore)
	}
	ns, err := s.Notices(reg)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for i := range ns {
		ns[i].CreatedAt = now
	}
	if len(ns) == 0 && len(also) == 0 {
		return ns, nil
	}
	if err := s.notices.Add(ctx, ns, also...); err != nil {
		return nil, err
	}
	return ns, nil
}

// DepartmentNotices lists a department's notices.
func (s *Service) DepartmentNotices(ctx context.Context, deptID string, page NoticePage) (NoticeList, error) {
	if s.notices == nil {
		return NoticeList{}, apperr.Internal(ErrNoNoticeStore)
	}
	if _, ok := DepartmentByID(deptID); !ok {
		return NoticeList{}, apperr.NotFound("没有部门“%s”", deptID)
	}
	return s.notices.ListByDept(ctx, deptID, page)
}

// AckNotice records that a department has read a notice.
func (s *Service) AckNotice(ctx context.Context, deptID, noticeID string) (Notice, error) {
	if s.notices == nil {
		return Notice{}, apperr.Internal(ErrNoNoticeStore)
	}
	if _, ok := DepartmentByID(deptID); !ok {
		return Notice{}, apperr.NotFound("没有部门“%s”", deptID)
	}
	return s.notices.Ack(ctx, deptID, noticeID, s.now())
}

// Close releases the active index.
func (s *Service) Close() error {
	g := s.active.Load()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	return g.s.Close()
}
