package store

import (
	"fmt"
	"io"

	"github.com/dgraph-io/badger/v4"
)

// Backup writes every entry of the store of version since or later to w, in
// badger's backup format, reading a consistent snapshot taken when it
// starts: every transaction committed before the call is in it, none
// committed after it is. It returns the version to pass as since next
// time, for a backup of what changed after this one (since itself when
// there was nothing to write). since 0 is a full backup. Writers go on
// meanwhile.
func (s *DB) Backup(w io.Writer, since uint64) (uint64, error) {
	// Not badger's DB.Backup: it streams with several producers, each
	// reading at the moment it starts, so that writes going on meanwhile
	// can be in one part and missing from another; one producer reads the
	// whole store in one snapshot. Everything committed up to start is in
	// it, so the next backup starts after start (the versions the backup
	// holds are no safe bound).
	txn := s.db.NewTransaction(false)
	start := txn.ReadTs()
	txn.Discard()
	stream := s.db.NewStream()
	stream.LogPrefix = "namescope backup"
	stream.NumGo = 1
	// A key changed since `since` is written with all its versions: given
	// since, badger's stream fails on the older versions of such a key and
	// leaves the whole key out (it only logs a warning). A key whose
	// latest version is older is left out. The stream's SinceTs (skipping
	// whole tables) is not used: under concurrent writes it left out keys
	// changed after since (TestOnlineBackupUnderConcurrentWrites).
	stream.ChooseKey = func(item *badger.Item) bool { return item.Version() >= since }
	if _, err := stream.Backup(w, 0); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	return max(since, start+1), nil
}

// maxPendingLoad bounds the writes Load keeps in flight.
const maxPendingLoad = 256

// Load writes the entries of a backup made by Backup into the store: a full
// backup into an empty store, then the incremental ones in the order they
// were made. Nothing else may write meanwhile.
func (s *DB) Load(r io.Reader) (err error) {
	// badger trusts the sizes it reads: a file that is not a backup can
	// make it panic (a slice of an absurd length).
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("load backup: not a namescope backup (%v)", p)
		}
	}()
	// Load writes around the transactions the caches follow.
	defer s.clearCaches()
	if err := s.db.Load(r, maxPendingLoad); err != nil {
		return fmt.Errorf("load backup: %w", err)
	}
	return nil
}
