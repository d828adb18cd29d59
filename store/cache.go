package store

import (
	"strings"
	"sync"
)

// Cache keeps the values of the keys under one prefix in memory, for read
// transactions that read the same records again and again (a name check
// reads up to two hundred candidate records, each a point read through the
// LSM levels, often a block to decompress). It holds the stored bytes as a
// string: the caller decodes them (its decoded form can be several times
// larger). It never answers with a value older than the store's latest
// committed one:
//
//   - a transaction that writes a key under the prefix marks it in flight
//     and drops its cached value just before its commit; when the commit
//     is over (done or failed) it unmarks the key and advances the store's
//     cache generation;
//   - a value read from the store is cached only if its key is not in
//     flight and the generation is still the one taken before the reading
//     transaction began: otherwise a write may have committed after that
//     transaction's snapshot, and the value it read may be older than the
//     committed one.
//
// So no value is cached while its key is in flight, and a cached value is
// the latest committed one (a read transaction may get a value committed
// after its own snapshot, never one older than it). Writable transactions
// bypass the cache (they must see their own writes). Writes that do not go
// through a transaction (a backup loaded by Load) clear every cache.
//
// It holds at most size values; when full, a new value replaces one taken
// at random (Go starts every iteration of a map at a random place). Unlike
// least-recently-used, random replacement keeps a part of a working set
// larger than the cache when the same reads come round again.
type Cache struct {
	db     *DB
	prefix string
	size   int

	mu       sync.Mutex
	values   map[string]string
	inflight map[string]int // keys whose writing transactions are committing
	hits     uint64
	misses   uint64
}

// NewCache returns the cache of the values under prefix, at most size of
// them (none: size 0), and registers it with the store so that writes
// invalidate it.
func NewCache(db *DB, prefix string, size int) *Cache {
	c := &Cache{db: db, prefix: prefix, size: max(size, 0), values: map[string]string{}, inflight: map[string]int{}}
	db.cacheMu.Lock()
	db.caches = append(db.caches, c)
	db.cacheMu.Unlock()
	return c
}

// cacheHook is what the store tells a cache about writes.
type cacheHook interface {
	covers(key string) bool
	writing(keys []string) // before the commit of a transaction that wrote keys
	written(keys []string) // after it, committed or not
	clear()
}

func (c *Cache) covers(key string) bool { return strings.HasPrefix(key, c.prefix) }

func (c *Cache) writing(keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if c.covers(k) {
			c.inflight[k]++
			delete(c.values, k)
		}
	}
}

func (c *Cache) written(keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if c.covers(k) {
			if c.inflight[k]--; c.inflight[k] <= 0 {
				delete(c.inflight, k)
			}
		}
	}
	// Under c.mu, so that a fill checking the generation (also under
	// c.mu) is ordered with it.
	c.db.cacheGen.Add(1)
}

func (c *Cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.values)
	c.db.cacheGen.Add(1)
}

// Get returns the value of key, from the cache when it has it; ErrNotFound
// when the key is missing (which is not cached).
func (c *Cache) Get(tx *Tx, key string) (string, error) {
	cacheable := !tx.writable && c.covers(key)
	if cacheable {
		c.mu.Lock()
		v, ok := c.values[key]
		switch {
		case ok:
			c.hits++
		case c.size == 0:
			cacheable = false // disabled: not a miss
		default:
			c.misses++
		}
		c.mu.Unlock()
		if ok {
			return v, nil
		}
	}
	var v string
	err := tx.GetRaw(key, func(b []byte) error {
		v = string(b)
		return nil
	})
	if err != nil || !cacheable {
		return v, err
	}
	c.mu.Lock()
	if c.db.cacheGen.Load() == tx.gen && c.inflight[key] == 0 {
		c.put(key, v)
	}
	c.mu.Unlock()
	return v, nil
}

// Resize changes how many values the cache holds at most (0: none),
// dropping values at random down to the new size.
func (c *Cache) Resize(size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.size = max(size, 0)
	for k := range c.values {
		if len(c.values) <= c.size {
			break
		}
		delete(c.values, k)
	}
}

// put stores a value (c.mu held).
func (c *Cache) put(key, v string) {
	if c.size == 0 {
		return
	}
	if _, ok := c.values[key]; !ok && len(c.values) >= c.size {
		for k := range c.values {
			delete(c.values, k)
			break
		}
	}
	c.values[key] = v
}

// Stats returns how many look-ups the cache answered and how many it did
// not, and how many values it holds.
func (c *Cache) Stats() (hits, misses uint64, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses, len(c.values)
}

// noteWrite records that the transaction writes key, when a cache covers
// it.
func (tx *Tx) noteWrite(key string) {
	tx.s.cacheMu.RLock()
	defer tx.s.cacheMu.RUnlock()
	for _, c := range tx.s.caches {
		if c.covers(key) {
			tx.cached = append(tx.cached, key)
			return
		}
	}
}

// cachesWriting and cachesWritten tell every cache about the keys a
// transaction wrote.
func (s *DB) cachesWriting(keys []string) {
	s.cacheMu.RLock()
	defer s.cacheMu.RUnlock()
	for _, c := range s.caches {
		c.writing(keys)
	}
}

func (s *DB) cachesWritten(keys []string) {
	s.cacheMu.RLock()
	defer s.cacheMu.RUnlock()
	for _, c := range s.caches {
		c.written(keys)
	}
}

func (s *DB) clearCaches() {
	s.cacheMu.RLock()
	defer s.cacheMu.RUnlock()
	for _, c := range s.caches {
		c.clear()
	}
}
