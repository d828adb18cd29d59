package app

import (
	"errors"
	"fmt"

	"namescope/store"
)

// FormatVersion is the format of a data directory this program writes.
// Version 1 had neither the 字号 listing (tn/) nor the parser version of
// stored names; version 2 has both; version 3 keeps the abnormal list in
// the credit module (cab/ listings, with their credit events) instead of
// the lifecycle's abn/ entries; version 4 has the new-economy register
// (svne/), which every write of an enterprise, its scope codes or its
// manual designation keeps (a binary of version 3 would write without
// it). Open migrates an earlier directory (EnsureTradeNameIndex, Reparse,
// credit.MigrateLegacyAbnormal, supervision.Service.EnsureRegister) and
// stamps it 4; it refuses a directory of a later version, written by a
// newer namescope.
const FormatVersion = 4

// formatKey holds the format version of the data directory; a directory
// without it is version 1.
var formatKey = store.MetaKey("format_version")

// ErrNewerFormat is returned (wrapped) by Open for a data directory of a
// format later than FormatVersion.
var ErrNewerFormat = errors.New("data directory of a newer format")

// formatError says that the directory is of a newer format, in Chinese
// for the operator and wrapping ErrNewerFormat.
type formatError struct{ stored int }

func (e *formatError) Error() string {
	return fmt.Sprintf("数据目录格式版本 %d 高于本程序支持的 %d，请升级 namescope", e.stored, FormatVersion)
}

func (e *formatError) Unwrap() error { return ErrNewerFormat }

// CheckFormat returns the format version recorded in the store (1 when
// none is) and an error when it is later than FormatVersion.
func CheckFormat(db *store.DB) (int, error) {
	version := 1
	err := db.View(func(tx *store.Tx) error { return tx.Get(formatKey, &version) })
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, fmt.Errorf("read the data directory format: %w", err)
	}
	if version > FormatVersion {
		return version, &formatError{stored: version}
	}
	return version, nil
}

// stampFormat records that the store is of FormatVersion.
func stampFormat(db *store.DB) error {
	var stored int
	err := db.View(func(tx *store.Tx) error { return tx.Get(formatKey, &stored) })
	if err == nil && stored == FormatVersion {
		return nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read the data directory format: %w", err)
	}
	if err := db.Update(func(tx *store.Tx) error { return tx.Put(formatKey, FormatVersion) }); err != nil {
		return fmt.Errorf("record the data directory format: %w", err)
	}
	return nil
}
