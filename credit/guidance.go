package credit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// Designation is the new-economy (四新) designation of an enterprise. Staff
// set it by hand today (source manual); the supervision module adds
// automatic designation on top.
type Designation struct {
	USCC       string    `json:"uscc"`
	NewEconomy bool      `json:"new_economy"`
	Categories []string  `json:"categories"`
	Source     string    `json:"source"`
	Reason     string    `json:"reason"`
	By         Actor     `json:"by"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// DesignationInput is PUT /api/v1/enterprises/{uscc}/supervision.
type DesignationInput struct {
	NewEconomy *bool  `json:"new_economy"`
	Reason     string `json:"reason"`
}

// NewEconomyView is the designation as answered.
type NewEconomyView struct {
	Flag       bool     `json:"flag"`
	Categories []string `json:"categories"`
	Source     string   `json:"source"`
}

// SupervisionView is GET /api/v1/enterprises/{uscc}/supervision.
type SupervisionView struct {
	USCC        string         `json:"uscc"`
	NewEconomy  NewEconomyView `json:"new_economy"`
	SmallMicro  bool           `json:"small_micro"`
	Established string         `json:"established,omitempty"`
	// GraceUntil is the last day of the 包容期 of a designated enterprise
	// whose establishment date is known (config supervision.grace_period_months).
	GraceUntil string `json:"grace_until,omitempty"`
	InGrace    bool   `json:"in_grace"`
}

// SetDesignation designates an enterprise as new-economy or withdraws it.
func (s *Service) SetDesignation(ctx context.Context, by Actor, uscc string, in DesignationInput) (*SupervisionView, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	if in.NewEconomy == nil {
		return nil, apperr.Invalid("缺少 new_economy（true 或 false）")
	}
	reason, err := text("reason", in.Reason, 500, true)
	if err != nil {
		return nil, err
	}
	var view *SupervisionView
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		var before *Designation
		var old Designation
		switch err := tx.Get(designationKey(uscc), &old); {
		case err == nil:
			before = &old
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		d := &Designation{USCC: uscc, NewEconomy: *in.NewEconomy, Categories: []string{}, Source: "manual",
			Reason: reason, By: by, UpdatedAt: s.now().UTC()}
		if err := tx.Put(designationKey(uscc), d); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditEntry{At: d.UpdatedAt, Actor: by.String(), Action: "supervision.designate",
			Object: "supervision/" + uscc, Before: before, After: d, Note: reason}); err != nil {
			return err
		}
		if s.designated != nil {
			if err := s.designated(tx, uscc); err != nil {
				return err
			}
		}
		view = s.view(e, d)
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return view, nil
}

// Supervision returns the supervision view of an enterprise.
func (s *Service) Supervision(ctx context.Context, uscc string) (*SupervisionView, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	var view *SupervisionView
	err = s.db.View(func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		d, err := designationTx(tx, uscc)
		if err != nil {
			return err
		}
		view = s.view(e, d)
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return view, nil
}

func designationTx(tx *store.Tx, uscc string) (*Designation, error) {
	var d Designation
	err := tx.Get(designationKey(uscc), &d)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func (s *Service) view(e *Enterprise, d *Designation) *SupervisionView {
	v := &SupervisionView{USCC: e.USCC, NewEconomy: NewEconomyView{Categories: []string{}, Source: "manual"},
		SmallMicro: e.SmallMicro, Established: e.Established}
	if d != nil {
		v.NewEconomy.Flag = d.NewEconomy
		if d.Categories != nil {
			v.NewEconomy.Categories = d.Categories
		}
		v.NewEconomy.Source = d.Source
	}
	if v.NewEconomy.Flag && e.Established != "" {
		if est, err := time.Parse(dateLayout, e.Established); err == nil {
			months := s.sup.GracePeriodMonths
			if !e.SmallMicro && s.sup.GracePeriodMonthsOther > 0 {
				months = s.sup.GracePeriodMonthsOther
			}
			until := est.AddDate(0, months, 0).AddDate(0, 0, -1)
			v.GraceUntil = fmtDate(until)
			v.InGrace = !s.today().After(until)
		}
	}
	return v
}

// Guidance is a guidance notice (行政指导): the enterprise is told what to
// do by a deadline before a reporting ground can list it.
type Guidance struct {
	ID       string    `json:"id"`
	USCC     string    `json:"uscc"`
	Ground   Ground    `json:"ground"`
	Text     string    `json:"text"`
	Deadline string    `json:"deadline"`
	IssuedOn string    `json:"issued_on"`
	Dept     string    `json:"dept"`
	EventID  string    `json:"event_id"`
	By       Actor     `json:"by"`
	At       time.Time `json:"created_at"`
}

// GuidanceInput is POST /api/v1/credit/guidance.
type GuidanceInput struct {
	USCC     string `json:"uscc"`
	Ground   string `json:"ground"`
	Text     string `json:"text"`
	Deadline string `json:"deadline"`
}

// Guide issues a guidance notice; it is a credit event of kind guidance
// (not published).
func (s *Service) Guide(ctx context.Context, by Actor, in GuidanceInput) (*Guidance, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	g, err := groundOf(in.Ground)
	if err != nil {
		return nil, apperr.Invalid("ground 应为 %s", strings.TrimPrefix(apperr.MessageOf(err), "reason 应为 "))
	}
	if g == GroundNameChange {
		return nil, apperr.Invalid("逾期未变更名称不适用行政指导前置，ground 应为 annual_report、instant_info、false_info 或 unreachable")
	}
	body, err := text("text", in.Text, 2000, true)
	if err != nil {
		return nil, err
	}
	deadline, err := parseDate("deadline", in.Deadline)
	if err != nil {
		return nil, err
	}
	today := s.today()
	if deadline.Before(today) {
		return nil, apperr.Invalid("deadline（%s）不能早于今天", fmtDate(deadline))
	}
	var out *Guidance
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		if _, err := s.enterpriseTx(tx, uscc); err != nil {
			return err
		}
		seq, err := s.db.Next(seqGuidance)
		if err != nil {
			return err
		}
		gd := &Guidance{ID: fmt.Sprintf("GD%08d", seq), USCC: uscc, Ground: g, Text: body, Deadline: fmtDate(deadline),
			IssuedOn: fmtDate(today), Dept: by.Dept, By: by, At: s.now().UTC()}
		ev, err := s.RecordTx(tx, Event{USCC: uscc, Kind: KindGuidance, Date: gd.IssuedOn, Dept: by.Dept,
			Summary: fmt.Sprintf("行政指导（%s）：%s；期限至 %s", g.Label(), clip(body, 200), gd.Deadline),
			Basis:   "《优化营商环境条例》第五十五条；包容审慎监管", Ref: gd.ID, Actor: by})
		if err != nil {
			return err
		}
		gd.EventID = ev.ID
		out = gd
		return tx.Put(guidanceKey(uscc, gd.ID), gd)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// guidanceRuleTx applies "guidance first": a designated new-economy
// enterprise is listed on a reporting ground only after a guidance notice
// on that ground whose deadline passed before the listing date. It
// returns the notice relied on ("" for an enterprise not designated).
func (s *Service) guidanceRuleTx(tx *store.Tx, uscc string, g Ground, date time.Time) (string, error) {
	designated, err := s.newEconomyTx(tx, uscc)
	if err != nil || !designated {
		return "", err
	}
	var found string
	err = tx.Scan(store.PrefixCreditGuidance+uscc+"/", "", false, func(_ string, v []byte) (bool, error) {
		var gd Guidance
		if err := unmarshal(v, &gd); err != nil {
			return false, err
		}
		if gd.Ground == g && gd.Deadline < fmtDate(date) {
			found = gd.ID
		}
		return true, nil
	})
	if err != nil {
		return "", err
	}
	if found == "" {
		return "", apperr.GuidanceRequired("该企业为新经济（包容审慎监管）企业：以“%s”列入经营异常名录前，应先发出行政指导并待其期限届满（指导优先）", g.Label())
	}
	return found, nil
}
