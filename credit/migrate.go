package credit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"namescope/store"
)

// legacyAbnormal is the abnormal-list entry the lifecycle package wrote
// at abn/<uscc> before the list moved to credit (data format 2).
type legacyAbnormal struct {
	USCC          string    `json:"uscc"`
	Name          string    `json:"name"`
	NameRecordID  string    `json:"name_record_id"`
	DisputeID     string    `json:"dispute_id"`
	Rule          string    `json:"rule"`
	OrderedOn     string    `json:"ordered_on"`
	ChangeDue     string    `json:"change_due"`
	ListedOn      string    `json:"listed_on"`
	RemovedOn     string    `json:"removed_on,omitempty"`
	RemovalReason string    `json:"removal_reason,omitempty"`
	UpdatedAt     time.Time `json:"updated_at"`
	History       []Step    `json:"history"`
}

// MigrateLegacyAbnormal moves the lifecycle's abn/ entries into abnormal
// listings with reason name_change, each with its listing (and removal)
// event, and drops the retired "abnormal" outbox topic. It reports how
// many entries it moved; a store without them is one scan.
func (s *Service) MigrateLegacyAbnormal(ctx context.Context) (int, error) {
	var olds []legacyAbnormal
	var outbox []string
	err := s.db.View(func(tx *store.Tx) error {
		if err := tx.Scan(store.PrefixAbnormal, "", false, func(_ string, v []byte) (bool, error) {
			var a legacyAbnormal
			if err := json.Unmarshal(v, &a); err != nil {
				return false, err
			}
			olds = append(olds, a)
			return true, nil
		}); err != nil {
			return err
		}
		return tx.Keys(store.PrefixOutbox+"abnormal/", func(k string) error { outbox = append(outbox, k); return nil })
	})
	if err != nil || (len(olds) == 0 && len(outbox) == 0) {
		return 0, err
	}
	by := Actor{Role: "system", KeyID: "migrate"}
	err = s.db.Update(func(tx *store.Tx) error {
		for _, a := range olds {
			seq, err := s.db.Next(seqListing)
			if err != nil {
				return err
			}
			listed, _ := time.Parse(dateLayout, a.ListedOn)
			mark := listed.AddDate(s.cfg.AbnormalToSeriousYears, 0, 0)
			l := &Listing{ID: fmt.Sprintf("AB%08d", seq), USCC: a.USCC, Name: a.Name, Reason: GroundNameChange,
				ReasonLabel: GroundNameChange.Label(), Basis: grounds[GroundNameChange].basis, ListedOn: a.ListedOn,
				SeriousFrom: fmtDate(mark), ReminderFrom: fmtDate(mark.AddDate(0, 0, -ReminderDays)),
				Cure: grounds[GroundNameChange].cure, Rights: s.listingRights(), RemovedOn: a.RemovedOn, RemovalReason: a.RemovalReason,
				NameChange: &NameChangeGround{Name: a.Name, NameRecordID: a.NameRecordID, DisputeID: a.DisputeID,
					OrderedOn: a.OrderedOn, ChangeDue: a.ChangeDue},
				ListedBy: &by, History: a.History, UpdatedAt: a.UpdatedAt}
			if a.ChangeDue != "" {
				if due, err := time.Parse(dateLayout, a.ChangeDue); err == nil {
					l.GroundDate, l.DecisionDue = a.ChangeDue, fmtDate(s.cal().AddWorkingDays(due, ListingDecisionWorkingDays))
				}
			}
			ev, err := s.RecordTx(tx, Event{USCC: a.USCC, Kind: KindAbnormalListed, Date: a.ListedOn, Actor: by, Ref: l.ID,
				Summary: "因“" + GroundNameChange.Label() + "”列入经营异常名录", Basis: l.Basis})
			if err != nil {
				return err
			}
			l.EventID = ev.ID
			if a.RemovedOn != "" {
				ev, err := s.RecordTx(tx, Event{USCC: a.USCC, Kind: KindAbnormalRemoved, Date: a.RemovedOn, Actor: by, Ref: l.ID,
					Summary: "移出经营异常名录：" + strings.TrimSpace(a.RemovalReason), Basis: "《企业经营异常名录管理暂行办法》第十条至第十三条"})
				if err != nil {
					return err
				}
				l.RemovalEventID, l.RemovedBy = ev.ID, &by
			}
			if err := tx.Put(listingKey(l.ID), l); err != nil {
				return err
			}
			if err := tx.Put(listingByUSCCKey(l.USCC, l.ID), ""); err != nil {
				return err
			}
			if err := tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: by.String(), Action: "abnormal.migrate",
				Object: "abnormal/" + l.ID, Before: a, After: l}); err != nil {
				return err
			}
			if err := tx.Delete(store.PrefixAbnormal + a.USCC); err != nil {
				return err
			}
		}
		for _, k := range outbox {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("migrate abnormal-list entries to credit: %w", err)
	}
	return len(olds), ctx.Err()
}
