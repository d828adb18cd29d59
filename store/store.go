// Package store is namescope's source of truth: a badger database with one
// key layout (keys.go), JSON records, sequences, an append-only audit log and
// an outbox through which every write reaches the derived indexes. It owns
// keys and transactions and knows nothing of the domain types it stores.
// Update retries a transaction that conflicts with a concurrent one, in this
// one place for every writer.
package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// DB is the store.
type DB struct {
	db   *badger.DB
	mu   sync.Mutex
	seqs map[string]*badger.Sequence
	// beforeAttempt, when set (tests), runs before each attempt of Update.
	beforeAttempt func(attempt int)
	// beforeCommit, when set (tests), runs when an attempt of Update is
	// about to commit (its cached keys marked as being written).
	beforeCommit func()

	// pending are the keys of the outbox entries not acknowledged yet,
	// known without a scan (acknowledged entries leave deletion markers
	// that a scan steps over, a million after a bulk import): read at Open,
	// added when a transaction that enqueued commits, removed by Ack.
	pendingMu sync.Mutex
	pending   map[string]struct{}

	// caches are the caches of decoded values (Cache), told about the
	// writes to their keys; cacheGen advances after every such write.
	cacheMu  sync.RWMutex
	caches   []cacheHook
	cacheGen atomic.Uint64
}

// Open opens the store in dir, or in memory when dir is empty. Writes are
// synced to disk before a transaction reports success, so nothing
// acknowledged is lost in a crash.
func Open(dir string) (*DB, error) {
	opts := badger.DefaultOptions(dir).
		WithLogger(nil).
		WithSyncWrites(true).
		WithMetricsEnabled(false).
		WithNumVersionsToKeep(1).
		WithMemTableSize(32 << 20).
		WithBlockCacheSize(64 << 20).
		WithIndexCacheSize(64 << 20).
		WithNumCompactors(2)
	if dir == "" {
		opts = opts.WithInMemory(true)
	}
	db, err := badger.Open(opts)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("store %s is in use by another process (a running `namescope serve`?): use its HTTP API, or stop it first", dir)
		}
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &DB{db: db, seqs: map[string]*badger.Sequence{}, pending: map[string]struct{}{}}
	if err := s.loadPending(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	return s, nil
}

// loadPending reads the keys of the pending outbox entries (keys only).
func (s *DB) loadPending() error {
	return s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		opts.Prefix = []byte(PrefixOutbox)
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			s.pending[string(it.Item().Key())] = struct{}{}
		}
		return nil
	})
}

// Close releases sequence leases and closes the database.
func (s *DB) Close() error {
	s.mu.Lock()
	for _, q := range s.seqs {
		_ = q.Release()
	}
	s.seqs = nil
	s.mu.Unlock()
	return s.db.Close()
}

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("not found")

// Tx is a read or read-write transaction.
type Tx struct {
	txn *badger.Txn
	s   *DB
	by  Person // the person whose audit entries this transaction stamps
	// enqueued are the keys of the outbox entries the transaction wrote.
	enqueued []string
	// cached are the keys written that a Cache covers.
	cached []string
	// writable: a read-write transaction (it bypasses the caches).
	writable bool
	// gen is the store's cache generation before the transaction began.
	gen uint64
}

// Person is the holder of an actor's key and their department, which the
// audit entries that actor writes record (AuditEntry.Holder and Dept).
type Person struct {
	Actor  string
	Holder string
	Dept   string
}

type personKey struct{}

// WithPerson returns ctx carrying p for UpdateContext.
func WithPerson(ctx context.Context, p Person) context.Context {
	return context.WithValue(ctx, personKey{}, p)
}

// UpdateContext is Update, and every audit entry the transaction writes
// with the actor of the Person in ctx (WithPerson) records that person's
// holder and department unless the entry names them already. Entries of
// other actors (the system, a party) are written as they are.
func (s *DB) UpdateContext(ctx context.Context, fn func(*Tx) error) error {
	p, _ := ctx.Value(personKey{}).(Person)
	return s.update(p, fn)
}

// maxAttempts bounds how often Update runs a transaction that keeps
// conflicting with concurrent commits.
const maxAttempts = 50

// ErrContention is returned by Update when a transaction still conflicted
// after maxAttempts tries: the caller answers "busy, try again", never an
// internal error.
var ErrContention = errors.New("store: transaction kept conflicting with concurrent writes")

// Update runs fn in a read-write transaction and commits it when fn returns
// nil. When the commit conflicts with a concurrent one (something fn read
// was written meanwhile), fn runs again in a fresh transaction: fn must
// derive everything from tx and reset whatever it accumulates. This is the
// only place where conflicts are retried.
func (s *DB) Update(fn func(*Tx) error) error {
	return s.update(Person{}, fn)
}

func (s *DB) update(by Person, fn func(*Tx) error) error {
	for attempt := 1; ; attempt++ {
		if s.beforeAttempt != nil {
			s.beforeAttempt(attempt)
		}
		var tx *Tx
		committing := false
		err := s.db.Update(func(txn *badger.Txn) error {
			tx = &Tx{txn: txn, s: s, by: by, writable: true}
			if err := fn(tx); err != nil {
				return err
			}
			// Counted before the commit, so that whoever sees the entries
			// committed (and acknowledges them) finds them counted.
			s.track(tx.enqueued)
			// Cached keys are marked before the commit and released after
			// it, so that no cache serves or keeps their old values once
			// the new ones can be read (see Cache).
			if len(tx.cached) > 0 {
				s.cachesWriting(tx.cached)
				committing = true
			}
			if s.beforeCommit != nil {
				s.beforeCommit()
			}
			return nil
		})
		if committing {
			s.cachesWritten(tx.cached)
		}
		if err != nil && tx != nil {
			s.untrack(tx.enqueued)
		}
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
		if attempt == maxAttempts {
			return ErrContention
		}
		// Back off a random while, growing with the attempts up to a cap,
		// so that the same writers do not collide again in lockstep.
		ceiling := min(time.Duration(1<<min(attempt, 10))*100*time.Microsecond, 20*time.Millisecond)
		time.Sleep(time.Duration(rand.Int64N(int64(ceiling))))
	}
}

// View runs fn in a read-only transaction.
func (s *DB) View(fn func(*Tx) error) error {
	// The generation is taken before the snapshot (see Cache).
	gen := s.cacheGen.Load()
	return s.db.View(func(txn *badger.Txn) error { return fn(&Tx{txn: txn, s: s, gen: gen}) })
}

// Get decodes the JSON record at key into v; ErrNotFound if missing.
func (tx *Tx) Get(key string, v any) error {
	item, err := tx.txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("get %s: %w", key, err)
	}
	return item.Value(func(b []byte) error {
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("decode %s: %w", key, err)
		}
		return nil
	})
}

// Put stores v as JSON at key.
func (tx *Tx) Put(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return tx.set(key, b)
}

// Delete removes key.
func (tx *Tx) Delete(key string) error {
	return tx.del(key)
}

// Scan calls fn for every key with prefix, in key order (reverse order when
// reverse is set), starting at start when it is not empty. fn returns false
// to stop.
func (tx *Tx) Scan(prefix, start string, reverse bool, fn func(key string, value []byte) (bool, error)) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte(prefix)
	opts.Reverse = reverse
	it := tx.txn.NewIterator(opts)
	defer it.Close()
	seek := prefix
	if start != "" {
		seek = start
	} else if reverse {
		seek = prefix + "\xff"
	}
	for it.Seek([]byte(seek)); it.ValidForPrefix([]byte(prefix)); it.Next() {
		item := it.Item()
		var cont bool
		err := item.Value(func(b []byte) error {
			var err error
			cont, err = fn(string(item.Key()), b)
			return err
		})
		if err != nil {
			return err
		}
		if !cont {
			return nil
		}
	}
	return nil
}

// Next returns the next value of the named sequence (starting at 1). Values
// are unique and increasing; a crash may leave gaps.
func (s *DB) Next(name string) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.seqs[name]
	if !ok {
		var err error
		q, err = s.db.GetSequence([]byte(PrefixSeq+name), 1000)
		if err != nil {
			return 0, fmt.Errorf("sequence %s: %w", name, err)
		}
		s.seqs[name] = q
	}
	for {
		v, err := q.Next()
		if err != nil {
			return 0, fmt.Errorf("sequence %s: %w", name, err)
		}
		if v > 0 {
			return v, nil
		}
	}
}

// Enqueue records in the same transaction that the index topic must apply
// the record id. The entry stays until Ack, so an index update interrupted by
// a crash is applied again at the next start.
func (tx *Tx) Enqueue(topic, id string) error {
	_, err := tx.EnqueueEntry(topic, id)
	return err
}

// EnqueueEntry is Enqueue returning the entry, so that the writer can apply
// and acknowledge exactly its own updates after the commit.
func (tx *Tx) EnqueueEntry(topic, id string) (OutboxEntry, error) {
	seq, err := tx.s.Next("outbox")
	if err != nil {
		return OutboxEntry{}, err
	}
	e := OutboxEntry{Key: fmt.Sprintf("%s%s/%016x", PrefixOutbox, topic, seq), ID: id}
	if err := tx.set(e.Key, []byte(id)); err != nil {
		return OutboxEntry{}, err
	}
	tx.enqueued = append(tx.enqueued, e.Key)
	return e, nil
}

func (s *DB) track(keys []string) {
	if len(keys) == 0 {
		return
	}
	s.pendingMu.Lock()
	for _, k := range keys {
		s.pending[k] = struct{}{}
	}
	s.pendingMu.Unlock()
}

func (s *DB) untrack(keys []string) {
	if len(keys) == 0 {
		return
	}
	s.pendingMu.Lock()
	for _, k := range keys {
		delete(s.pending, k)
	}
	s.pendingMu.Unlock()
}

// OutboxEntry is a pending index update.
type OutboxEntry struct {
	Key string
	ID  string
}

// Pending returns up to max pending outbox entries of topic, oldest first.
func (s *DB) Pending(topic string, max int) ([]OutboxEntry, error) {
	return s.PendingAfter(topic, "", max)
}

// PendingAfter is Pending from the first entry after the key after (empty:
// from the start). Acknowledged entries leave deletion markers that a scan
// must step over, so callers that know everything before a key is done
// start after it.
func (s *DB) PendingAfter(topic, after string, max int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	start := ""
	if after != "" {
		start = after + "\x00"
	}
	err := s.View(func(tx *Tx) error {
		return tx.Scan(PrefixOutbox+topic+"/", start, false, func(k string, v []byte) (bool, error) {
			out = append(out, OutboxEntry{Key: k, ID: string(v)})
			return len(out) < max, nil
		})
	})
	return out, err
}

// Ack removes applied outbox entries.
func (s *DB) Ack(entries []OutboxEntry) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, e := range entries {
		if err := wb.Delete([]byte(e.Key)); err != nil {
			return fmt.Errorf("ack outbox: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.Key
	}
	s.untrack(keys)
	return nil
}

// OutboxBacklog is the number of pending outbox entries of every topic
// (written by committed transactions, not acknowledged), without reading
// the store.
func (s *DB) OutboxBacklog() int {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	return len(s.pending)
}

// Size is badger's estimate of the store's size on disk: the LSM tree and
// the value log, in bytes (0 and 0 in memory).
func (s *DB) Size() (lsm, vlog int64) { return s.db.Size() }

// Audit appends an audit entry in the transaction. Audit entries are never
// updated or deleted. An entry with an object is also listed under that
// object, for its history.
func (tx *Tx) Audit(entry AuditEntry) error {
	if by := tx.by; by.Actor != "" && entry.Actor == by.Actor && entry.Holder == "" && entry.Dept == "" {
		entry.Holder, entry.Dept = by.Holder, by.Dept
	}
	seq, err := tx.s.Next("audit")
	if err != nil {
		return err
	}
	b, err := json.Marshal(entry)
	if err != nil {
		return fmt.Errorf("encode audit entry: %w", err)
	}
	if err := tx.set(AuditKey(seq), b); err != nil {
		return err
	}
	if entry.Object != "" {
		return tx.set(fmt.Sprintf("%s%s/%016x", PrefixAuditByObj, entry.Object, seq), nil)
	}
	return nil
}

// Touch reads key, registering it in the transaction's reads, and writes it
// again: a concurrent transaction that also touched or read it cannot then
// commit on what it read before (see TradeGuardKey). It returns how often
// the key was touched before.
func (tx *Tx) Touch(key string) (uint64, error) {
	var n uint64
	err := tx.GetRaw(key, func(b []byte) error {
		if len(b) == 8 {
			n = binary.BigEndian.Uint64(b)
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, err
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n+1)
	return n, tx.set(key, b[:])
}

// Keys calls fn with every key under prefix (values are not read).
func (tx *Tx) Keys(prefix string, fn func(key string) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte(prefix)
	opts.PrefetchValues = false
	it := tx.txn.NewIterator(opts)
	defer it.Close()
	for it.Seek([]byte(prefix)); it.ValidForPrefix([]byte(prefix)); it.Next() {
		if err := fn(string(it.Item().Key())); err != nil {
			return err
		}
	}
	return nil
}

// History returns the audit entries of object, oldest first, at most max.
func (s *DB) History(object string, max int) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := s.View(func(tx *Tx) error {
		var keys []string
		err := tx.Scan(PrefixAuditByObj+object+"/", "", false, func(k string, _ []byte) (bool, error) {
			keys = append(keys, k)
			return len(keys) < max, nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			seq := k[strings.LastIndex(k, "/")+1:]
			var raw json.RawMessage
			if err := tx.Get(PrefixAudit+seq, &raw); err != nil {
				return err
			}
			out = append(out, raw)
		}
		return nil
	})
	return out, err
}

// PutRaw stores raw bytes at key.
func (tx *Tx) PutRaw(key string, value []byte) error { return tx.set(key, value) }

// set and del are every write of a transaction: they tell the caches.
func (tx *Tx) set(key string, value []byte) error {
	tx.noteWrite(key)
	return tx.txn.Set([]byte(key), value)
}

func (tx *Tx) del(key string) error {
	tx.noteWrite(key)
	return tx.txn.Delete([]byte(key))
}

// GetRaw calls fn with the bytes at key (valid only during fn); ErrNotFound if missing.
func (tx *Tx) GetRaw(key string, fn func([]byte) error) error {
	item, err := tx.txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("get %s: %w", key, err)
	}
	return item.Value(fn)
}

// IDOf strips prefix from key.
func IDOf(key, prefix string) string { return strings.TrimPrefix(key, prefix) }
