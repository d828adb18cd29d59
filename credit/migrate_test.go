package credit_test

import (
	"testing"
	"time"

	"namescope/credit"
	"namescope/store"
)

// The lifecycle's abn/ entries of data format 2 become name_change
// listings with their events; the retired outbox topic is emptied; a
// second run finds nothing.
func TestMigrateLegacyAbnormal(t *testing.T) {
	e := newEnv(t, "2026-01-10", nil)
	at := time.Date(2025, 12, 2, 2, 0, 0, 0, time.UTC)
	err := e.db.Update(func(tx *store.Tx) error {
		for _, old := range []map[string]any{
			{"uscc": entA, "name": "平顶山市星河科技有限公司", "name_record_id": "R1", "dispute_id": "D1", "reason": "x",
				"rule": "《企业名称登记管理规定》第二十三条", "ordered_on": "2025-10-31", "change_due": "2025-12-01", "listed_on": "2025-12-02",
				"updated_at": at, "history": []map[string]any{{"at": at, "action": "list", "note": "列入"}}},
			{"uscc": entB, "name": "平顶山市青禾农业开发有限公司", "name_record_id": "R2", "dispute_id": "D2", "reason": "x",
				"rule": "r", "ordered_on": "2025-10-31", "change_due": "2025-12-01", "listed_on": "2025-12-02",
				"removed_on": "2025-12-20", "removal_reason": "已办理名称变更登记", "updated_at": at,
				"history": []map[string]any{{"at": at, "action": "list", "note": "列入"}, {"at": at, "action": "remove", "note": "移出"}}},
		} {
			if err := tx.Put(store.PrefixAbnormal+old["uscc"].(string), old); err != nil {
				return err
			}
		}
		return tx.Enqueue("abnormal", entA)
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.MigrateLegacyAbnormal(bg)
	if err != nil || n != 2 {
		t.Fatalf("migrated %d %v", n, err)
	}
	a, err := e.svc.LatestListing(bg, entA, credit.GroundNameChange)
	if err != nil || !a.Current() || a.NameChange.DisputeID != "D1" || a.ListedOn != "2025-12-02" || a.DecisionDue != "2025-12-15" ||
		a.SeriousFrom != "2028-12-02" || len(a.History) != 1 {
		t.Fatalf("listing A %+v %v", a, err)
	}
	b, err := e.svc.LatestListing(bg, entB, credit.GroundNameChange)
	if err != nil || b.Current() || b.RemovedOn != "2025-12-20" || b.RemovalEventID == "" {
		t.Fatalf("listing B %+v %v", b, err)
	}
	if evs := e.public(t, entB); len(evs) != 2 || evs[0].Kind != credit.KindAbnormalRemoved || evs[1].Kind != credit.KindAbnormalListed {
		t.Fatalf("events B %+v", evs)
	}
	left := 0
	_ = e.db.View(func(tx *store.Tx) error {
		for _, p := range []string{store.PrefixAbnormal, store.PrefixOutbox + "abnormal/"} {
			_ = tx.Keys(p, func(string) error { left++; return nil })
		}
		return nil
	})
	if left != 0 {
		t.Errorf("%d legacy keys left", left)
	}
	if n, err := e.svc.MigrateLegacyAbnormal(bg); err != nil || n != 0 {
		t.Errorf("second run %d %v", n, err)
	}
}
