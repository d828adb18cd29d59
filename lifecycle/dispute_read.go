package lifecycle

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"namescope/apperr"
	"namescope/store"
)

// Deadlines is where a case stands against its deadlines today.
type Deadlines struct {
	Today           string `json:"today"`
	NextStep        string `json:"next_step,omitempty"`
	NextDue         string `json:"next_due,omitempty"`
	Overdue         bool   `json:"overdue"`
	DueSoon         bool   `json:"due_soon"`
	WorkingDaysLeft *int   `json:"working_days_left,omitempty"` // negative: working days overdue
	AnswerPeriodEnd string `json:"answer_period_end,omitempty"`
	CalendarNote    string `json:"calendar_note,omitempty"`
}

// DisputeView is a case with its deadlines as of today.
type DisputeView struct {
	*Dispute
	Deadlines Deadlines `json:"deadlines"`
}

func (s *Service) view(d *Dispute) *DisputeView {
	today := s.today()
	cal := s.Calendar()
	dl := Deadlines{Today: fmtDate(today)}
	switch d.State {
	case DspReceived:
		dl.NextStep, dl.NextDue = "受理审查：受理、不予受理或一次性告知补正", d.AcceptDue
	case DspMaterialRequested:
		dl.NextStep = "等待申请人补正材料"
	case DspAccepted:
		dl.NextStep, dl.NextDue = "向被申请人送达申请书副本", d.ServeDue
	case DspServed:
		dl.AnswerPeriodEnd = d.AnswerDue
		dl.NextStep, dl.NextDue = fmt.Sprintf("等待被申请人答辩（至 %s，逾期不答辩不影响处理），其后调解或裁决", d.AnswerDue), d.RulingDue
		if today.After(parseDate(d.AnswerDue)) {
			dl.NextStep = "答辩期已满：调解或拟定裁决"
		}
	case DspAnswered:
		dl.NextStep, dl.NextDue = "调解或拟定裁决", d.RulingDue
	case DspMediationFailed:
		dl.NextStep, dl.NextDue = "拟定裁决", d.RulingDue
	case DspRulingDrafted:
		dl.NextStep, dl.NextDue = "第二名办案人员签署裁决", d.RulingDue
	}
	if dl.NextDue != "" {
		due := parseDate(dl.NextDue)
		left := cal.WorkingDaysBetween(today, due)
		dl.WorkingDaysLeft = &left
		dl.Overdue = today.After(due)
		dl.DueSoon = !dl.Overdue && left <= DueSoonWorkingDays
	}
	var unknown []string
	for _, due := range []string{d.AcceptDue, d.ServeDue, d.AnswerDue, d.RulingDue} {
		if due == "" {
			continue
		}
		if y := parseDate(due).Year(); !cal.Known(y) && !slices.Contains(unknown, fmt.Sprint(y)) {
			unknown = append(unknown, fmt.Sprint(y))
		}
	}
	if len(unknown) > 0 {
		dl.CalendarNote = strings.Join(unknown, "、") + " 年的节假日安排尚未录入，相关期限暂只按周末计算"
	}
	return &DisputeView{Dispute: d, Deadlines: dl}
}

// GetDispute returns a case with its deadlines.
func (s *Service) GetDispute(ctx context.Context, id string) (*DisputeView, error) {
	var d *Dispute
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		d, err = loadDispute(tx, id)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return s.view(d), nil
}

// DisputeQuery filters the staff queue.
type DisputeQuery struct {
	States []DisputeState
	Limit  int
}

// DisputeSummary is a queue line.
type DisputeSummary struct {
	ID         string       `json:"id"`
	State      DisputeState `json:"state"`
	StateLabel string       `json:"state_label"`
	Applicant  string       `json:"applicant"`
	Respondent string       `json:"respondent"`
	ReceivedOn string       `json:"received_on"`
	Outcome    string       `json:"outcome,omitempty"`
	Deadlines  Deadlines    `json:"deadlines"`
}

// ListDisputes returns the staff queue: overdue cases first, then those due
// soon, then the other open cases by deadline, then the rest by number.
func (s *Service) ListDisputes(ctx context.Context, q DisputeQuery) ([]DisputeSummary, int, error) {
	for _, st := range q.States {
		if _, ok := disputeTransitions[st]; !ok || st == DspNone {
			return nil, 0, apperr.Invalid("未知的案件状态 %q", st)
		}
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	var out []DisputeSummary
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(prefixDispute, "", false, func(_ string, v []byte) (bool, error) {
			var d Dispute
			if err := json.Unmarshal(v, &d); err != nil {
				return false, err
			}
			if len(q.States) > 0 && !slices.Contains(q.States, d.State) {
				return true, nil
			}
			vw := s.view(&d)
			out = append(out, DisputeSummary{
				ID: d.ID, State: d.State, StateLabel: d.State.Label(), Applicant: d.Applicant.Name,
				Respondent: d.Respondent.Name, ReceivedOn: d.ReceivedOn, Outcome: d.Outcome, Deadlines: vw.Deadlines,
			})
			return true, ctx.Err()
		})
	})
	if err != nil {
		return nil, 0, wrap(err)
	}
	rank := func(x DisputeSummary) int {
		switch {
		case x.Deadlines.Overdue:
			return 0
		case x.Deadlines.DueSoon:
			return 1
		case x.Deadlines.NextDue != "":
			return 2
		case !x.State.Terminal():
			return 3
		}
		return 4
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		if out[i].Deadlines.NextDue != out[j].Deadlines.NextDue {
			return out[i].Deadlines.NextDue < out[j].Deadlines.NextDue
		}
		return out[i].ID < out[j].ID
	})
	total := len(out)
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, total, nil
}
