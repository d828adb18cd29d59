package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"namescope/internal/app"
	"namescope/name"
	"namescope/store"
)

// editStore runs fn on the store of a closed data directory.
func editStore(t *testing.T, data string, fn func(tx *store.Tx) error) {
	t.Helper()
	db, err := store.Open(filepath.Join(data, "store"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// formatVersion reads the stamp of a closed data directory (0: none).
func formatVersion(t *testing.T, data string) int {
	t.Helper()
	var v int
	editStore(t, data, func(tx *store.Tx) error {
		if err := tx.Get(store.MetaKey("format_version"), &v); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	return v
}

// A data directory records its format: Open stamps the current one,
// migrates a directory of the previous release (no stamp, no 字号 listing,
// no parser version) and stamps it, and refuses one of a newer format.
func TestDataFormatVersion(t *testing.T) {
	data := newData(t, 12)
	if v := formatVersion(t, data); v != app.FormatVersion {
		t.Fatalf("a new directory is stamped %d, want %d", v, app.FormatVersion)
	}

	t.Run("a directory of the previous release is migrated", func(t *testing.T) {
		editStore(t, data, func(tx *store.Tx) error {
			var keys []string
			if err := tx.Keys(store.PrefixTradeName, func(k string) error { keys = append(keys, k); return nil }); err != nil {
				return err
			}
			if len(keys) == 0 {
				t.Fatal("no 字号 listing to remove")
			}
			keys = append(keys, store.MetaKey("format_version"), store.MetaKey("tradename_index"), store.MetaKey("name_parser_version"))
			for _, k := range keys {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		a, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet)
		if err != nil {
			t.Fatalf("open a version 1 directory: %v", err)
		}
		res, err := a.Checker.Check(context.Background(), name.Request{Name: "平顶山市澄霁科技有限公司", AuthorityCode: "410400"})
		if err != nil || res.Verdict != name.Block {
			t.Errorf("check after the migration: %v %v", err, res)
		}
		var listed int
		err = a.Store.View(func(tx *store.Tx) error {
			return tx.Keys(store.PrefixTradeName, func(string) error { listed++; return nil })
		})
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		if err != nil || listed == 0 {
			t.Errorf("the 字号 listing was not rebuilt: %d %v", listed, err)
		}
		if v := formatVersion(t, data); v != app.FormatVersion {
			t.Errorf("migrated directory stamped %d, want %d", v, app.FormatVersion)
		}
	})

	t.Run("a newer format is refused", func(t *testing.T) {
		editStore(t, data, func(tx *store.Tx) error { return tx.Put(store.MetaKey("format_version"), app.FormatVersion+1) })
		_, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet)
		want := fmt.Sprintf("数据目录格式版本 %d 高于本程序支持的 %d，请升级 namescope", app.FormatVersion+1, app.FormatVersion)
		if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, app.ErrNewerFormat) {
			t.Fatalf("open a newer directory: %v, want %q", err, want)
		}
		if v := formatVersion(t, data); v != app.FormatVersion+1 {
			t.Errorf("the refused directory was changed: stamped %d", v)
		}
		// The store was closed: the directory opens again.
		if _, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet); err == nil {
			t.Error("opened a newer directory the second time")
		}
	})
}
