package store

import (
	"errors"
	"fmt"
	"testing"
)

// enqueue commits n outbox entries of topic in one transaction.
func enqueue(t *testing.T, db *DB, topic string, n int) []OutboxEntry {
	t.Helper()
	var entries []OutboxEntry
	err := db.Update(func(tx *Tx) error {
		entries = entries[:0]
		for i := range n {
			e, err := tx.EnqueueEntry(topic, fmt.Sprint(i))
			if err != nil {
				return err
			}
			entries = append(entries, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// The backlog counts the entries committed and not acknowledged, without
// a scan, and is read again from the store when it is opened.
func TestOutboxBacklog(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	var names []OutboxEntry
	for _, tc := range []struct {
		name string
		step func(t *testing.T)
		want int
	}{
		{"empty store", func(*testing.T) {}, 0},
		{"committed entries of two topics", func(t *testing.T) {
			names = enqueue(t, db, "names", 5)
			enqueue(t, db, "other", 1)
		}, 6},
		{"a transaction that fails adds nothing", func(t *testing.T) {
			err := db.Update(func(tx *Tx) error {
				if err := tx.Enqueue("names", "x"); err != nil {
					return err
				}
				return errors.New("no")
			})
			if err == nil {
				t.Fatal("the transaction did not fail")
			}
		}, 6},
		{"a transaction retried after a conflict counts once", func(t *testing.T) {
			attempts := 0
			err := db.Update(func(tx *Tx) error {
				attempts++
				if err := counter(tx, "meta/c"); err != nil {
					return err
				}
				if err := tx.Enqueue("names", "y"); err != nil {
					return err
				}
				if attempts == 1 {
					return db.Update(func(tx *Tx) error { return counter(tx, "meta/c") })
				}
				return nil
			})
			if err != nil || attempts != 2 {
				t.Fatalf("update: %v after %d attempts, want a retry", err, attempts)
			}
		}, 7},
		{"acknowledged entries leave", func(t *testing.T) {
			if err := db.Ack(names[:3]); err != nil {
				t.Fatal(err)
			}
		}, 4},
		{"acknowledging again changes nothing", func(t *testing.T) {
			if err := db.Ack(names[:3]); err != nil {
				t.Fatal(err)
			}
		}, 4},
		{"reopened: read from the store", func(t *testing.T) {
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if db, err = Open(dir); err != nil {
				t.Fatal(err)
			}
		}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.step(t)
			if got := db.OutboxBacklog(); got != tc.want {
				t.Errorf("OutboxBacklog() = %d, want %d", got, tc.want)
			}
			pending := 0
			for _, topic := range []string{"names", "other"} {
				p, err := db.Pending(topic, 100)
				if err != nil {
					t.Fatal(err)
				}
				pending += len(p)
			}
			if pending != tc.want {
				t.Errorf("the store holds %d pending entries, the backlog says %d", pending, tc.want)
			}
		})
	}
}
