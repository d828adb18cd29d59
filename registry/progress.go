package registry

import (
	"context"
	"sync"
	"sync/atomic"

	"namescope/store"
)

// reindexProgress is how far the running Reindex of one Service is, in
// enterprise names written to the index.
type reindexProgress struct {
	done, total atomic.Int64
	observe     func(done, total int64)
}

// reindexing holds the progress of every Service whose Reindex runs
// (*Service → *reindexProgress); an entry lives as long as its Reindex.
var reindexing sync.Map

// observerKey is the context key of a ReindexObserver.
type observerKey struct{}

// WithReindexObserver returns a context under which Reindex calls observe
// when it starts (done 0) and after every batch of names it writes to the
// index, in the goroutine of Reindex: observe must be quick.
// An observer already in ctx is called too, before observe: the CLI's
// progress bar and the application's log both follow one rebuild.
func WithReindexObserver(ctx context.Context, observe func(done, total int64)) context.Context {
	if prev, ok := ctx.Value(observerKey{}).(func(done, total int64)); ok && prev != nil {
		next := observe
		observe = func(done, total int64) {
			prev(done, total)
			next(done, total)
		}
	}
	return context.WithValue(ctx, observerKey{}, observe)
}

// ReindexProgress reports the progress of a running Reindex: names written
// to the index so far of the names in the store. running is false when no
// Reindex runs.
func (s *Service) ReindexProgress() (done, total int64, running bool) {
	v, ok := reindexing.Load(s)
	if !ok {
		return 0, 0, false
	}
	p := v.(*reindexProgress)
	return p.done.Load(), p.total.Load(), true
}

// beginReindex counts the names of the store and publishes the progress of
// a Reindex that starts; the caller holds applyMu and calls end when done.
func (s *Service) beginReindex(ctx context.Context) *reindexProgress {
	p := &reindexProgress{}
	p.observe, _ = ctx.Value(observerKey{}).(func(done, total int64))
	var n int64
	// A count that fails leaves the total unknown (0); the rebuild's own
	// scan reports the error.
	_ = s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixEnterprise, "", false, func(string, []byte) (bool, error) {
			n++
			return true, ctx.Err()
		})
	})
	p.total.Store(n)
	reindexing.Store(s, p)
	if p.observe != nil {
		p.observe(0, n)
	}
	return p
}

// set records that done names are in the index.
func (p *reindexProgress) set(done int) {
	p.done.Store(int64(done))
	if t := p.total.Load(); int64(done) > t {
		p.total.Store(int64(done)) // names written since the count
	}
	if p.observe != nil {
		p.observe(p.done.Load(), p.total.Load())
	}
}

// end withdraws the progress of s: its Reindex is over.
func (s *Service) endReindex() { reindexing.Delete(s) }
