package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"namescope/store"
)

// BackupDir writes the backup of the store of a data directory that no
// server holds (from version since, 0 for everything) to w and returns the
// since of the next backup. A running server holds the store: back it up
// through GET /api/v1/admin/backup instead.
func BackupDir(dataDir string, w io.Writer, since uint64) (uint64, error) {
	if _, err := os.Stat(storeDir(dataDir)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("数据目录 %s 中没有存储（%s）", dataDir, storeDir(dataDir))
		}
		return 0, err
	}
	db, err := store.Open(storeDir(dataDir))
	if err != nil {
		return 0, err
	}
	next, err := db.Backup(w, since)
	return next, errors.Join(err, db.Close())
}

// ErrNotEmpty is returned (wrapped) by Restore for a data directory that
// is not new and empty.
var ErrNotEmpty = errors.New("restore needs a new, empty data directory")

// Restore loads backups (a full backup, then its incremental ones in the
// order they were made) into the store of a new data directory: it must
// not exist or be empty. The indexes are left out: the first Open rebuilds
// them from the store (and migrates a directory of an older format). On
// failure the directory is removed again when Restore created it, emptied
// otherwise. It returns the format version of the restored data.
func Restore(dataDir string, backups ...io.Reader) (int, error) {
	entries, err := os.ReadDir(dataDir)
	created := errors.Is(err, fs.ErrNotExist)
	switch {
	case err != nil && !created:
		return 0, err
	case len(entries) > 0:
		return 0, fmt.Errorf("数据目录 %s 不是空目录，只能恢复到新的空目录（%w）", dataDir, ErrNotEmpty)
	}
	fail := func(err error) (int, error) {
		if created {
			return 0, errors.Join(err, os.RemoveAll(dataDir))
		}
		return 0, errors.Join(err, os.RemoveAll(storeDir(dataDir)))
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return 0, err
	}
	db, err := store.Open(storeDir(dataDir))
	if err != nil {
		return fail(err)
	}
	for i, r := range backups {
		if err := db.Load(r); err != nil {
			return fail(errors.Join(fmt.Errorf("备份文件 %d 无法载入：%w", i+1, err), db.Close()))
		}
	}
	// A newer namescope's data is restored all the same (that version
	// opens it); the caller tells from the version.
	version, _ := CheckFormat(db)
	if err := db.Close(); err != nil {
		return fail(err)
	}
	return version, nil
}
