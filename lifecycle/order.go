package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// orderChange puts the disputed name under an order to stop using it. It
// returns a note when the order does not apply (the name already changed or
// ended), and the order otherwise.
func (s *Service) orderChange(tx *store.Tx, actor, uscc, nameID, disputeID string, now time.Time) (*ChangeOrder, string, error) {
	r, err := s.current(tx, actor, uscc, true)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.settle(tx, r, "system:clock"); err != nil {
		return nil, "", err
	}
	if r.ID != nameID {
		return nil, fmt.Sprintf("被申请人已不再使用争议名称（现名称“%s”），无需责令变更", r.Name), nil
	}
	if _, err := NextNameState(r.State, ActOrderChange); err != nil {
		return nil, fmt.Sprintf("争议名称当前状态为“%s”，不再责令变更", r.State.Label()), nil
	}
	before := r.clone()
	today := civil(now)
	due := s.Calendar().RollForward(today.AddDate(0, 0, ChangeDays))
	r.Order = &ChangeOrder{DisputeID: disputeID, OrderedOn: fmtDate(today), ChangeDue: fmtDate(due),
		Rule: "《企业名称登记管理规定》第二十三条"}
	note := fmt.Sprintf("争议案件 %s 裁决责令停止使用名称，须于 %s 前申请变更登记；变更前以统一社会信用代码代替名称", disputeID, r.Order.ChangeDue)
	if err := r.apply(ActOrderChange, actor, now, note); err != nil {
		return nil, "", err
	}
	if err := s.reg.SetMaskedTx(tx, actor, r.RegistryID, true); err != nil {
		return nil, "", err
	}
	return r.Order, "", putName(tx, actor, ActOrderChange, before, r, note)
}

// AbnormalEntry is an enterprise listed in the abnormal operations list
// (经营异常名录) because it did not change a name it was ordered to stop
// using within 30 days (Reg 734 Art 23). The supervision module consumes it
// (outbox topic "abnormal").
type AbnormalEntry struct {
	USCC          string     `json:"uscc"`
	Name          string     `json:"name"`
	NameRecordID  string     `json:"name_record_id"`
	DisputeID     string     `json:"dispute_id"`
	Reason        string     `json:"reason"`
	Rule          string     `json:"rule"`
	OrderedOn     string     `json:"ordered_on"`
	ChangeDue     string     `json:"change_due"`
	ListedOn      string     `json:"listed_on"`
	RemovedOn     string     `json:"removed_on,omitempty"`
	RemovalReason string     `json:"removal_reason,omitempty"`
	UpdatedAt     time.Time  `json:"updated_at"`
	History       []AbnEvent `json:"history"`
}

// AbnEvent is a listing or removal.
type AbnEvent struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"` // list | remove
	Note   string    `json:"note"`
}

func (s *Service) flagAbnormal(tx *store.Tx, r *NameRecord, actor string, now time.Time) error {
	before := r.clone()
	today := civil(now)
	note := fmt.Sprintf("被责令停止使用名称后逾期（%s 届满）未申请变更登记，列入经营异常名录", r.Order.ChangeDue)
	if err := r.apply(ActFlagAbnormal, actor, now, note); err != nil {
		return err
	}
	r.AbnormalOn = fmtDate(today)
	entry := &AbnormalEntry{
		USCC: r.USCC, Name: r.Name, NameRecordID: r.ID, DisputeID: r.Order.DisputeID,
		Reason: "被责令停止使用企业名称，逾期未申请变更登记", Rule: "《企业名称登记管理规定》第二十三条",
		OrderedOn: r.Order.OrderedOn, ChangeDue: r.Order.ChangeDue, ListedOn: fmtDate(today), UpdatedAt: now.UTC(),
		History: []AbnEvent{{At: now.UTC(), Action: "list", Note: note}},
	}
	var prev AbnormalEntry
	var prevPtr *AbnormalEntry
	if err := tx.Get(abnormalKey(r.USCC), &prev); err == nil {
		prevPtr = &prev
		entry.History = append(prev.History, entry.History...)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := tx.Put(abnormalKey(r.USCC), entry); err != nil {
		return err
	}
	if err := tx.Enqueue(abnormalOutbox, r.USCC); err != nil {
		return err
	}
	if err := tx.Audit(store.AuditEntry{At: now.UTC(), Actor: actor, Action: "abnormal.list", Object: auditObjectAbn + r.USCC, Before: prevPtr, After: entry, Note: note}); err != nil {
		return err
	}
	return putName(tx, actor, ActFlagAbnormal, before, r, note)
}

func (s *Service) removeAbnormal(tx *store.Tx, actor, uscc, reason string, now time.Time) error {
	var e AbnormalEntry
	if err := tx.Get(abnormalKey(uscc), &e); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}
	if e.RemovedOn != "" {
		return nil
	}
	before := e
	before.History = slices.Clone(e.History)
	e.RemovedOn, e.RemovalReason, e.UpdatedAt = fmtDate(civil(now)), reason, now.UTC()
	e.History = append(e.History, AbnEvent{At: now.UTC(), Action: "remove", Note: "移出经营异常名录：" + reason})
	if err := tx.Put(abnormalKey(uscc), &e); err != nil {
		return err
	}
	if err := tx.Enqueue(abnormalOutbox, uscc); err != nil {
		return err
	}
	return tx.Audit(store.AuditEntry{At: now.UTC(), Actor: actor, Action: "abnormal.remove", Object: auditObjectAbn + uscc, Before: &before, After: &e, Note: reason})
}

// Abnormal returns the abnormal-list entry of an enterprise.
func (s *Service) Abnormal(ctx context.Context, uscc string) (*AbnormalEntry, error) {
	var e AbnormalEntry
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(abnormalKey(strings.ToUpper(uscc)), &e) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("统一社会信用代码为 %s 的企业没有经营异常名录记录", uscc)
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return &e, nil
}
