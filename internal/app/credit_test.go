package app_test

import (
	"context"
	"testing"
	"time"

	"namescope/credit"
	"namescope/dict"
	"namescope/internal/app"
	"namescope/registry"
	"namescope/store"
)

// A directory of data format 2 with an abnormal-list entry of the
// lifecycle (abn/) and its outbox entry: Open moves it into a credit
// listing that the lifecycle reads back, empties the retired topic and
// stamps the current format.
func TestOpenMigratesTheAbnormalList(t *testing.T) {
	data := newData(t, 1)
	u := "91410400MA44CR201" + string(dict.USCCCheckChar("91410400MA44CR201"))
	a, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Registry.Put(context.Background(), "test", registry.Input{Name: "平顶山市星和科技有限公司", USCC: u, Status: "active",
		IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 11, 21, 2, 0, 0, 0, time.UTC)
	editStore(t, data, func(tx *store.Tx) error {
		if err := tx.Put(store.MetaKey("format_version"), 2); err != nil {
			return err
		}
		if err := tx.Put(store.PrefixAbnormal+u, map[string]any{"uscc": u, "name": "平顶山市星和科技有限公司", "name_record_id": "R000000000001",
			"dispute_id": "D000000000001", "reason": "被责令停止使用企业名称，逾期未申请变更登记", "rule": "《企业名称登记管理规定》第二十三条",
			"ordered_on": "2025-10-21", "change_due": "2025-11-20", "listed_on": "2025-11-21", "updated_at": at,
			"history": []map[string]any{{"at": at, "action": "list", "note": "列入经营异常名录"}}}); err != nil {
			return err
		}
		return tx.Enqueue("abnormal", u)
	})
	a, err = app.Open(context.Background(), app.Options{DataDir: data}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	entry, err := a.Lifecycle.Abnormal(context.Background(), u)
	if err != nil || entry.ListedOn != "2025-11-21" || entry.DisputeID != "D000000000001" || entry.ChangeDue != "2025-11-20" ||
		entry.RemovedOn != "" || entry.ListingID == "" || len(entry.History) != 1 {
		t.Fatalf("entry after the migration %+v %v", entry, err)
	}
	f, err := a.Credit.File(context.Background(), u, false)
	if err != nil || len(f.Lists.Abnormal) != 1 || f.Lists.Abnormal[0].Reason != credit.GroundNameChange {
		t.Fatalf("credit file %+v %v", f, err)
	}
	if pending, err := a.Store.Pending("abnormal", 10); err != nil || len(pending) != 0 {
		t.Errorf("the retired topic keeps %v %v", pending, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if v := formatVersion(t, data); v != app.FormatVersion {
		t.Errorf("stamped %d, want %d", v, app.FormatVersion)
	}
}
