// Package demo seeds the demo registry of `namescope serve --demo`: the
// registry fixture of domain-rules.md (E1–E6, with dates relative to the day
// of seeding) and a few thousand generated names of 平顶山市 (names.csv,
// made by scripts/demo-data from open-licence brand words).
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"namescope/registry"
	"namescope/store"
)

//go:embed names.csv
var namesCSV []byte

const seededKey = "demo_seeded"

// Fixture returns the registry fixture of the concrete test cases, dated
// relative to today: E1 星河科技 (active, I65), E2 金鼎餐饮管理 (H62),
// E3 蓝海商贸 cancelled 8 months ago, E4 云帆商贸 cancelled 14 months ago,
// E5 瑞丰实业 (no industry expression), E6 星耀科技 reserved 20 days ago.
func Fixture(today time.Time) []registry.Input {
	d := func(t time.Time) string { return t.Format("2006-01-02") }
	return []registry.Input{
		{Name: "平顶山市星河科技有限公司", USCC: uscc("91410400MA44XH001"), Status: "active", IndustryCode: "I65", AuthorityCode: "410400", EntType: "limited_company"},
		{Name: "平顶山市金鼎餐饮管理有限公司", USCC: uscc("91410400MA44XH002"), Status: "active", IndustryCode: "H62", AuthorityCode: "410400", EntType: "limited_company"},
		{Name: "平顶山市蓝海商贸有限公司", USCC: uscc("91410400MA44XH003"), Status: "cancelled", StatusDate: d(today.AddDate(0, -8, 0)), IndustryCode: "F51", AuthorityCode: "410400"},
		{Name: "平顶山市云帆商贸有限公司", USCC: uscc("91410400MA44XH004"), Status: "cancelled", StatusDate: d(today.AddDate(0, -14, 0)), IndustryCode: "F51", AuthorityCode: "410400"},
		{Name: "平顶山市瑞丰实业有限公司", USCC: uscc("91410400MA44XH005"), Status: "active", IndustryCode: "C", AuthorityCode: "410400"},
		{Name: "平顶山市星耀科技有限公司", Status: "reserved", StatusDate: d(today.AddDate(0, 0, -20)), IndustryCode: "I65", AuthorityCode: "410400"},
	}
}

// Seed writes the demo registry once per data directory and returns how
// many names it wrote (0 when already seeded).
func Seed(ctx context.Context, db *store.DB, reg *registry.Service) (int, error) {
	var seeded string
	err := db.View(func(tx *store.Tx) error { return tx.Get(store.MetaKey(seededKey), &seeded) })
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	n := 0
	for _, in := range Fixture(time.Now()) {
		if _, err := reg.Put(ctx, "demo", in); err != nil {
			return n, fmt.Errorf("fixture %s: %w", in.Name, err)
		}
		n++
	}
	rep, err := reg.Import(ctx, bytes.NewReader(namesCSV), registry.ImportOptions{Actor: "demo"})
	if err != nil {
		return n, err
	}
	if rep.Rejected > 0 {
		return n, fmt.Errorf("demo names rejected: %v", rep.Errors)
	}
	n += rep.Imported
	return n, db.Update(func(tx *store.Tx) error {
		return tx.Put(store.MetaKey(seededKey), time.Now().UTC().Format(time.RFC3339))
	})
}

// uscc completes a 17-character code with its check character.
func uscc(first17 string) string { return first17 + string(registry.USCCCheckChar(first17)) }
