package store

import (
	"fmt"
	"testing"
)

func TestOutboxBacklog(t *testing.T) {
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var entries []OutboxEntry
	err = db.Update(func(tx *Tx) error {
		entries = entries[:0]
		for i := range 5 {
			e, err := tx.EnqueueEntry("names", fmt.Sprint(i))
			if err != nil {
				return err
			}
			entries = append(entries, e)
		}
		// Keys beside the outbox are not counted.
		return tx.Put(EnterpriseKey("x"), 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *Tx) error { return tx.Enqueue("other", "y") }); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		ack   int // entries acknowledged before counting
		max   int
		count int
	}{
		{"all pending, every topic", 0, 100, 6},
		{"stops at max", 0, 4, 4},
		{"acknowledged entries leave the count", 3, 100, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.Ack(entries[:tt.ack]); err != nil {
				t.Fatal(err)
			}
			n, err := db.OutboxBacklog(tt.max)
			if err != nil || n != tt.count {
				t.Errorf("OutboxBacklog(%d) = %d, %v; want %d", tt.max, n, err, tt.count)
			}
		})
	}
}
