package supervision

import (
	"context"
	"errors"
	"fmt"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/credit"
	"namescope/store"
)

// Guidance measure kinds: the flexible measures a new-economy enterprise
// in its grace period meets first (指导意见 三（四）), lightest first.
const (
	MeasurePublicity  = "publicity"  // 宣传引导
	MeasureCommitment = "commitment" // 信用承诺
	MeasureReminder   = "reminder"   // 行政提示
	MeasureInterview  = "interview"  // 行政约谈
	MeasureCaution    = "caution"    // 行政告诫
)

// GuidanceKinds lists the guidance measure kinds, lightest first.
var GuidanceKinds = []string{MeasurePublicity, MeasureCommitment, MeasureReminder, MeasureInterview, MeasureCaution}

var guidanceLabels = map[string]string{
	MeasurePublicity: "宣传引导", MeasureCommitment: "信用承诺", MeasureReminder: "行政提示",
	MeasureInterview: "行政约谈", MeasureCaution: "行政告诫",
}

// Follow-up outcomes (跟踪回访).
const (
	OutcomeCorrected    = "corrected"     // 已整改
	OutcomePartial      = "partial"       // 部分整改
	OutcomeNotCorrected = "not_corrected" // 未整改
)

var outcomeLabels = map[string]string{
	OutcomeCorrected: "已整改到位", OutcomePartial: "部分整改", OutcomeNotCorrected: "未整改",
}

// GuidanceMeasure is a recorded guidance measure with its follow-up visit.
type GuidanceMeasure struct {
	ID        string `json:"id"`
	USCC      string `json:"uscc"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Text      string `json:"text"`
	Deadline  string `json:"deadline"`
	IssuedOn  string `json:"issued_on"`
	// Grace is the enterprise's grace period when the measure was issued;
	// GraceApplies is false when a red line excludes it.
	Grace        Grace       `json:"grace"`
	GraceApplies bool        `json:"grace_applies"`
	RedLines     []string    `json:"red_lines"`
	Note         string      `json:"note,omitempty"`
	Dept         string      `json:"dept"`
	EventID      string      `json:"event_id"`
	By           auth.Signer `json:"by"`
	At           time.Time   `json:"created_at"`
	FollowUp     *FollowUp   `json:"follow_up,omitempty"`
}

// FollowUp is the follow-up visit (跟踪回访) of a measure.
type FollowUp struct {
	VisitedOn string      `json:"visited_on"`
	Outcome   string      `json:"outcome"`
	Notes     string      `json:"notes"`
	EventID   string      `json:"event_id"`
	By        auth.Signer `json:"by"`
	At        time.Time   `json:"recorded_at"`
}

// MeasureInput is POST /api/v1/supervision/measures.
type MeasureInput struct {
	USCC     string   `json:"uscc"`
	Kind     string   `json:"kind"`
	Text     string   `json:"text"`
	Deadline string   `json:"deadline"`
	RedLines []string `json:"red_lines"`
}

// FollowUpInput is POST /api/v1/supervision/measures/{id}/follow-up.
type FollowUpInput struct {
	VisitedOn string `json:"visited_on"`
	Outcome   string `json:"outcome"`
	Notes     string `json:"notes"`
}

func measureKey(id string) string           { return store.PrefixSupMeasure + id }
func measureUSCCKey(uscc, id string) string { return store.PrefixSupMeasureUSCC + uscc + "/" + id }

// AddMeasure records a guidance measure and its credit event (kind
// guidance, not published) in one transaction. The measure shows the
// grace period; a red line makes it note that the grace period does not
// apply and the matter is to be handled under the law.
func (s *Service) AddMeasure(ctx context.Context, by auth.Signer, in MeasureInput) (*GuidanceMeasure, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	label, ok := guidanceLabels[in.Kind]
	if !ok {
		return nil, apperr.Invalid("kind 应为 publicity（宣传引导）、commitment（信用承诺）、reminder（行政提示）、interview（行政约谈）或 caution（行政告诫）")
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
	lines, err := NormRedLines("red_lines", in.RedLines)
	if err != nil {
		return nil, err
	}
	var out *GuidanceMeasure
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		p, err := s.profileTx(tx, e)
		if err != nil {
			return err
		}
		seq, err := s.db.Next("supervision-measure")
		if err != nil {
			return err
		}
		m := &GuidanceMeasure{ID: fmt.Sprintf("GM%08d", seq), USCC: uscc, Kind: in.Kind, KindLabel: label, Text: body,
			Deadline: fmtDate(deadline), IssuedOn: fmtDate(today), Grace: p.Grace, RedLines: lines,
			Dept: by.Dept, By: by, At: s.now().UTC()}
		m.GraceApplies = p.Grace.InGrace && len(lines) == 0
		switch {
		case len(lines) > 0:
			m.Note = "触及包容审慎监管红线，不适用包容期，应依法查处"
		case !p.Grace.InGrace:
			m.Note = "企业不在包容期内：" + p.Grace.Reason
		}
		ev, err := s.cr.RecordTx(tx, credit.Event{USCC: uscc, Kind: credit.KindGuidance, Date: m.IssuedOn, Dept: by.Dept,
			Summary: fmt.Sprintf("%s：%s；期限至 %s", label, clip(body, 200), m.Deadline),
			Basis:   "《优化营商环境条例》第五十五条；包容审慎监管（柔性执法措施）", Ref: m.ID, Actor: actorOf(by),
			Details: map[string]string{"measure": in.Kind, "grace_until": p.Grace.Until}})
		if err != nil {
			return err
		}
		m.EventID = ev.ID
		out = m
		if err := tx.Put(measureKey(m.ID), m); err != nil {
			return err
		}
		return tx.Put(measureUSCCKey(uscc, m.ID), "")
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// FollowUp records the follow-up visit of a measure (once) and its credit
// event (kind guidance) in one transaction.
func (s *Service) FollowUp(ctx context.Context, by auth.Signer, id string, in FollowUpInput) (*GuidanceMeasure, error) {
	if err := mayAct(by); err != nil {
		return nil, err
	}
	visited, err := parseDate("visited_on", in.VisitedOn)
	if err != nil {
		return nil, err
	}
	if visited.After(s.today()) {
		return nil, apperr.Invalid("visited_on（%s）不能晚于今天", fmtDate(visited))
	}
	label, ok := outcomeLabels[in.Outcome]
	if !ok {
		return nil, apperr.Invalid("outcome 应为 corrected（已整改到位）、partial（部分整改）或 not_corrected（未整改）")
	}
	notes, err := text("notes", in.Notes, 2000, true)
	if err != nil {
		return nil, err
	}
	var out *GuidanceMeasure
	err = s.db.UpdateContext(auth.WithSigner(ctx, by), func(tx *store.Tx) error {
		var m GuidanceMeasure
		if err := tx.Get(measureKey(id), &m); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("指导措施 %s 不存在", id)
			}
			return err
		}
		if m.FollowUp != nil {
			return apperr.Conflict("指导措施 %s 已于 %s 跟踪回访", id, m.FollowUp.VisitedOn)
		}
		if fmtDate(visited) < m.IssuedOn {
			return apperr.Invalid("visited_on（%s）不能早于措施作出之日（%s）", fmtDate(visited), m.IssuedOn)
		}
		ev, err := s.cr.RecordTx(tx, credit.Event{USCC: m.USCC, Kind: credit.KindGuidance, Date: fmtDate(visited), Dept: by.Dept,
			Summary: fmt.Sprintf("跟踪回访（%s %s）：%s；%s", m.KindLabel, m.ID, label, clip(notes, 200)),
			Basis:   "包容审慎监管：柔性措施的跟踪回访", Ref: m.ID, Actor: actorOf(by),
			Details: map[string]string{"follow_up": in.Outcome}})
		if err != nil {
			return err
		}
		m.FollowUp = &FollowUp{VisitedOn: fmtDate(visited), Outcome: in.Outcome, Notes: notes, EventID: ev.ID, By: by, At: s.now().UTC()}
		out = &m
		return tx.Put(measureKey(id), &m)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// Measures lists the guidance measures of an enterprise, oldest first.
func (s *Service) Measures(ctx context.Context, uscc string) ([]GuidanceMeasure, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	out := []GuidanceMeasure{}
	err = s.db.View(func(tx *store.Tx) error {
		var ids []string
		err := tx.Keys(store.PrefixSupMeasureUSCC+uscc+"/", func(k string) error {
			ids = append(ids, k[len(store.PrefixSupMeasureUSCC+uscc+"/"):])
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			var m GuidanceMeasure
			if err := tx.Get(measureKey(id), &m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
