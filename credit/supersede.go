package credit

import (
	"context"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// SupersedeInput is a correction or a withdrawal of an event.
type SupersedeInput struct {
	// Reason says why (shown with a withdrawal: 行政处罚法 Art 48 公开说明理由).
	Reason string `json:"reason"`
	// Date is the day the decision was changed or annulled (withdrawal) or
	// the inaccuracy found (correction).
	Date string `json:"date"`
	// Summary and Basis are the corrected text (correction only; an empty
	// basis keeps the old one).
	Summary string `json:"summary"`
	Basis   string `json:"basis"`
}

// Supersede appends a correction (KindCorrection, 行政处罚信息公示规定 Art 12)
// or a withdrawal (KindWithdrawal, Art 11) of the event id. The event
// itself is not changed: it leaves public view, and staff see it with the
// id of the event that superseded it. An event is superseded once; a
// correction can itself be corrected or withdrawn.
func (s *Service) Supersede(ctx context.Context, by Actor, id string, kind Kind, in SupersedeInput) (*Event, error) {
	if kind != KindCorrection && kind != KindWithdrawal {
		return nil, apperr.Invalid("只能更正或撤回信用记录")
	}
	reason, err := text("reason", in.Reason, 500, true)
	if err != nil {
		return nil, err
	}
	date, err := parseDate("date", in.Date)
	if err != nil {
		return nil, err
	}
	if date.After(s.today()) {
		return nil, apperr.Invalid("date（%s）不能晚于今天", fmtDate(date))
	}
	summary, err := text("summary", in.Summary, 1000, kind == KindCorrection)
	if err != nil {
		return nil, err
	}
	basis, err := text("basis", in.Basis, 500, false)
	if err != nil {
		return nil, err
	}
	var out *Event
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		target, err := eventTx(tx, id)
		if err != nil {
			return err
		}
		if !supersedable[target.Kind] {
			return apperr.Conflict("“%s”记录不能直接更正或撤回：登记信息随登记变更，名录记录随列入、移出决定变化", target.Kind.Label())
		}
		if later, err := supersededByTx(tx, target); err != nil {
			return err
		} else if later != "" {
			return apperr.Conflict("信用记录 %s 已被 %s 更正或撤回，请对最新的记录操作", id, later)
		}
		if rec := target.Actor.Dept; by.Dept != "" && rec != "" && by.Dept != rec {
			return apperr.Forbidden("该记录由“%s”记入，应由其更正或撤回", rec)
		}
		ev := Event{USCC: target.USCC, Kind: kind, Supersedes: target.ID, Ref: target.Ref, Actor: by,
			Dept: target.Dept, Public: target.Public, PublicUntil: target.PublicUntil,
			Details: map[string]string{"reason": reason, "target_kind": string(target.Kind)}}
		if kind == KindCorrection {
			ev.Date, ev.Summary, ev.Basis = target.Date, summary, target.Basis
			ev.PublicFrom = target.PublicFrom
			if basis != "" {
				ev.Basis = basis
			}
			ev.Details["corrected_on"] = fmtDate(date)
		} else {
			ev.Date, ev.Basis = fmtDate(date), "《市场监督管理行政处罚信息公示规定》第十一条"
			ev.Summary = "撤回“" + target.Kind.Label() + "”信息：" + reason
			ev.Details["withdraw_due"] = fmtDate(s.cal().AddWorkingDays(date, 3))
			if ev.Public {
				ev.PublicFrom = fmtDate(s.today())
				if ev.PublicUntil != "" && ev.PublicUntil < ev.PublicFrom {
					ev.PublicUntil = ev.PublicFrom
				}
			}
		}
		out, err = s.RecordTx(tx, ev)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// supersedable are the kinds a correction or a withdrawal may supersede:
// what a department or partner recorded as such. Registry facts follow
// the registry, list entries and exits their own decisions, and a
// withdrawal is final.
var supersedable = map[Kind]bool{
	KindPenalty: true, KindInspection: true, KindComplaint: true, KindGuidance: true,
	KindAnnualReport: true, KindAnnualReportLate: true, KindCorrection: true,
}

// supersededByTx returns the id of the event that supersedes ev, or "".
func supersededByTx(tx *store.Tx, ev *Event) (string, error) {
	evs, err := eventsTx(tx, ev.USCC)
	if err != nil {
		return "", err
	}
	for _, e := range evs {
		if e.Supersedes == ev.ID {
			return e.ID, nil
		}
	}
	return "", nil
}

// visible reports whether an event is in public view on day today.
func visible(ev *Event, supersededBy string, today time.Time) bool {
	if !ev.Public || supersededBy != "" {
		return false
	}
	d := fmtDate(today)
	if ev.PublicFrom != "" && d < ev.PublicFrom {
		return false
	}
	return ev.PublicUntil == "" || d <= ev.PublicUntil
}
