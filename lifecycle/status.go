package lifecycle

import (
	"context"
	"strings"

	"namescope/apperr"
	"namescope/registry"
	"namescope/store"
)

// NameStatus is what the public may know of an enterprise's name: while an
// order to stop using it runs, the name is replaced by the USCC (Reg 734
// Art 23).
type NameStatus struct {
	USCC           string    `json:"uscc"`
	DisplayName    string    `json:"display_name"`
	Masked         bool      `json:"masked"`
	State          NameState `json:"state"`
	StateLabel     string    `json:"state_label"`
	ChangeDue      string    `json:"change_due,omitempty"`
	AbnormalListed bool      `json:"abnormal_listed"`
	Notice         string    `json:"notice,omitempty"`
}

// Status returns the public name status of an enterprise, settled to today.
func (s *Service) Status(ctx context.Context, uscc string) (*NameStatus, error) {
	uscc = strings.ToUpper(strings.TrimSpace(uscc))
	var r *NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		r, err = s.current(tx, "", uscc, false)
		return err
	})
	if apperr.CodeOf(err) == apperr.CodeConflict {
		// Known to the registry, but not a going concern: nothing is masked.
		var e *registry.Enterprise
		err := s.db.View(func(tx *store.Tx) error {
			var err error
			e, err = s.reg.GetTx(tx, uscc)
			return err
		})
		if err != nil {
			return nil, wrap(err)
		}
		return &NameStatus{USCC: uscc, DisplayName: e.Name, State: NameState(e.Status), StateLabel: NameState(e.Status).Label()}, nil
	}
	if err != nil {
		return nil, wrap(err)
	}
	if r.ID != "" && s.due(r) {
		if r, err = s.GetName(ctx, r.ID); err != nil {
			return nil, err
		}
	}
	st := &NameStatus{USCC: uscc, DisplayName: r.Name, State: r.State, StateLabel: r.State.Label()}
	if r.State == NameOrdered || r.State == NameAbnormal {
		st.Masked, st.DisplayName = true, uscc
		st.AbnormalListed = r.State == NameAbnormal
		if r.Order != nil {
			st.ChangeDue = r.Order.ChangeDue
		}
		st.Notice = "该企业名称已被责令停止使用，在办理名称变更登记前以统一社会信用代码代替名称（《企业名称登记管理规定》第二十三条）"
		if st.AbnormalListed {
			st.Notice += "；逾期未变更，已列入经营异常名录"
		}
	}
	return st, nil
}

// PublicEnterprise returns what a public answer may show of an enterprise:
// e itself, or a copy whose name is replaced by its USCC while an order to
// stop using the name runs.
func (s *Service) PublicEnterprise(ctx context.Context, e *registry.Enterprise) (*registry.Enterprise, error) {
	if e == nil || e.USCC == "" || e.ID != e.USCC {
		return e, nil
	}
	st, err := s.Status(ctx, e.USCC)
	if err != nil {
		if apperr.CodeOf(err) == apperr.CodeNotFound {
			return e, nil
		}
		return nil, err
	}
	if !st.Masked {
		return e, nil
	}
	c := *e
	c.Name, c.Normalized, c.TradeName, c.IndustryExpr, c.NameIndustry, c.IndustryGroup = e.USCC, e.USCC, "", "", "", ""
	return &c, nil
}

// History returns an enterprise's name records, the current one first.
func (s *Service) History(ctx context.Context, uscc string) ([]*NameRecord, error) {
	uscc = strings.ToUpper(strings.TrimSpace(uscc))
	var out []*NameRecord
	err := s.db.View(func(tx *store.Tx) error {
		r, err := s.current(tx, "", uscc, false)
		if err != nil {
			return err
		}
		for len(out) < 1000 {
			out = append(out, r)
			if r.Replaces == "" {
				return nil
			}
			if r, err = loadName(tx, r.Replaces); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
