package lifecycle

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"namescope/apperr"
	"namescope/legal"
	"namescope/store"
)

// Reservation periods (Reg 734 Art 18).
const (
	ReservationMonths            = legal.ReservationMonths            // a declared name
	ReservationMonthsPreApproval = legal.ReservationMonthsPreApproval // when establishment or a scope item needs approval first
	// ChangeDays is how long an enterprise ordered to stop using its name has
	// to change it (Reg 734 Art 23).
	ChangeDays = legal.ChangeDays
)

// Name record origins.
const (
	OriginReservation = "reservation" // self-declared and reserved
	OriginDirect      = "direct"      // declared directly with a name change
	OriginAdopted     = "adopted"     // registered before, taken into the lifecycle on first use
)

// Transition is one step of a name's history.
type Transition struct {
	At     time.Time  `json:"at"`
	Date   string     `json:"date"`
	Actor  string     `json:"actor"`
	Action NameAction `json:"action"`
	From   NameState  `json:"from"`
	To     NameState  `json:"to"`
	Note   string     `json:"note,omitempty"`
}

// ChangeOrder is an order to stop using a name (Reg 734 Art 23).
type ChangeOrder struct {
	DisputeID string `json:"dispute_id"`
	OrderedOn string `json:"ordered_on"`
	ChangeDue string `json:"change_due"` // last day to file the name change
	Rule      string `json:"rule"`
}

// NameRecord is one name through its lifecycle: reserved, registered,
// ordered to change, changed, cancelled or revoked.
type NameRecord struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Normalized      string         `json:"normalized"`
	TradeName       string         `json:"trade_name"`
	Scope           string         `json:"scope"`
	AuthorityCode   string         `json:"authority_code"`
	IndustryCode    string         `json:"industry_code"`
	EntType         string         `json:"ent_type,omitempty"`
	Investors       []string       `json:"investors,omitempty"`
	ForeignInvested bool           `json:"foreign_invested,omitempty"`
	State           NameState      `json:"state"`
	StateLabel      string         `json:"state_label"`
	Origin          string         `json:"origin"`
	USCC            string         `json:"uscc,omitempty"`
	RegistryID      string         `json:"registry_id,omitempty"` // the registry record that makes the name count in checks
	Applicant       string         `json:"applicant,omitempty"`
	Contact         string         `json:"contact,omitempty"`
	ScopeCodes      []string       `json:"scope_codes,omitempty"`
	PreApproval     bool           `json:"pre_approval"`
	ReservedOn      string         `json:"reserved_on,omitempty"`
	ReservedUntil   string         `json:"reserved_until,omitempty"` // last day of the reservation
	RegisteredOn    string         `json:"registered_on,omitempty"`
	Check           *CheckEvidence `json:"check,omitempty"`
	Order           *ChangeOrder   `json:"order,omitempty"`
	AbnormalOn      string         `json:"abnormal_on,omitempty"`
	EndedOn         string         `json:"ended_on,omitempty"`
	Reason          string         `json:"reason,omitempty"`
	Replaces        string         `json:"replaces,omitempty"`    // the enterprise's previous name record
	ReplacedBy      string         `json:"replaced_by,omitempty"` // the enterprise's next name record
	History         []Transition   `json:"history"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// named prefixes a refusal with the name it is about.
func (r *NameRecord) named(err error) error {
	var ae *apperr.Error
	if r.Name != "" && errors.As(err, &ae) {
		ae.Message = "“" + r.Name + "”：" + ae.Message
	}
	return err
}

func (r *NameRecord) clone() *NameRecord {
	c := *r
	c.History = slices.Clone(r.History)
	c.Investors = slices.Clone(r.Investors)
	c.ScopeCodes = slices.Clone(r.ScopeCodes)
	if r.Order != nil {
		o := *r.Order
		c.Order = &o
	}
	return &c
}

// apply moves the record by action, or refuses with the state and action.
func (r *NameRecord) apply(action NameAction, actor string, at time.Time, note string) error {
	to, err := NextNameState(r.State, action)
	if err != nil {
		return r.named(err)
	}
	r.History = append(r.History, Transition{
		At: at.UTC(), Date: fmtDate(civil(at)), Actor: actor, Action: action, From: r.State, To: to, Note: note,
	})
	r.State, r.StateLabel = to, to.Label()
	r.UpdatedAt = at.UTC()
	return nil
}

// putName writes the record and its audit entry.
func putName(tx *store.Tx, actor string, action NameAction, before, after *NameRecord, note string) error {
	if err := tx.Put(nameKey(after.ID), after); err != nil {
		return err
	}
	entry := store.AuditEntry{At: after.UpdatedAt, Actor: actor, Action: "name." + string(action), Object: auditObjectName + after.ID, After: after, Note: note}
	if before != nil {
		entry.Before = before
	}
	return tx.Audit(entry)
}

func loadName(tx *store.Tx, id string) (*NameRecord, error) {
	var r NameRecord
	err := tx.Get(nameKey(id), &r)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到编号为 %s 的名称记录", id)
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// loadSettled reads a name record in tx and applies what time alone did
// to it since (settle).
func (s *Service) loadSettled(tx *store.Tx, id string) (*NameRecord, error) {
	r, err := loadName(tx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.settle(tx, r, "system:clock"); err != nil {
		return nil, err
	}
	return r, nil
}

func (s *Service) newNameID() (string, error) {
	seq, err := s.db.Next(sequenceName)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("R%010d", seq), nil
}
