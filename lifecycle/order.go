package lifecycle

import (
	"context"
	"fmt"
	"time"

	"namescope/credit"
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
	if _, err := s.credit.RecordTx(tx, credit.Event{USCC: uscc, Kind: credit.KindNameChangeOrdered, Date: r.Order.OrderedOn,
		Actor: credit.ActorOf(actor), Ref: r.ID, Basis: r.Order.Rule,
		Summary: fmt.Sprintf("名称争议裁决（案件 %s）责令停止使用企业名称，应于 %s 前申请变更登记", disputeID, r.Order.ChangeDue),
		Details: map[string]string{"dispute_id": disputeID, "change_due": r.Order.ChangeDue}}); err != nil {
		return nil, "", err
	}
	return r.Order, "", putName(tx, actor, ActOrderChange, before, r, note)
}

// AbnormalEntry is an enterprise listed in the abnormal operations list
// (经营异常名录) because it did not change a name it was ordered to stop
// using within 30 days (Reg 734 Art 23): the answer of
// GET /api/v1/enterprises/{uscc}/abnormal, read from the credit module's
// listing with reason name_change, which the lifecycle writes in the
// transaction of the transition.
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
	// ListingID is the credit listing (GET /api/v1/credit/{uscc}).
	ListingID string `json:"listing_id,omitempty"`
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
	_, err := s.credit.ListTx(tx, credit.ActorOf(actor),
		credit.ListInput{USCC: r.USCC, Reason: string(credit.GroundNameChange), Date: fmtDate(today), Basis: r.Order.Rule},
		&credit.NameChangeGround{Name: r.Name, NameRecordID: r.ID, DisputeID: r.Order.DisputeID,
			OrderedOn: r.Order.OrderedOn, ChangeDue: r.Order.ChangeDue})
	if err != nil {
		return err
	}
	return putName(tx, actor, ActFlagAbnormal, before, r, note)
}

func (s *Service) removeAbnormal(tx *store.Tx, actor, uscc, reason string) error {
	_, err := s.credit.RemoveGroundTx(tx, credit.ActorOf(actor), uscc, credit.GroundNameChange, reason)
	return err
}

// Abnormal returns the abnormal-list entry of an enterprise for a missed
// name change (the latest, in force or removed).
func (s *Service) Abnormal(ctx context.Context, uscc string) (*AbnormalEntry, error) {
	l, err := s.credit.LatestListing(ctx, uscc, credit.GroundNameChange)
	if err != nil {
		return nil, err
	}
	e := &AbnormalEntry{USCC: l.USCC, Name: l.Name, Reason: l.ReasonLabel, Rule: l.Basis, ListedOn: l.ListedOn,
		RemovedOn: l.RemovedOn, RemovalReason: l.RemovalReason, UpdatedAt: l.UpdatedAt, ListingID: l.ID,
		History: make([]AbnEvent, 0, len(l.History))}
	if nc := l.NameChange; nc != nil {
		e.Name, e.NameRecordID, e.DisputeID, e.OrderedOn, e.ChangeDue = nc.Name, nc.NameRecordID, nc.DisputeID, nc.OrderedOn, nc.ChangeDue
	}
	for _, h := range l.History {
		e.History = append(e.History, AbnEvent{At: h.At, Action: h.Action, Note: h.Note})
	}
	return e, nil
}
