package lifecycle

import (
	"context"
	"fmt"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

// Answer is the respondent's answer (答辩), sent with its token or recorded by staff.
type Answer struct {
	Text string `json:"text"`
	By   string `json:"by"`
	On   string `json:"on"`
	Late bool   `json:"late"`
}

// isStaff reports whether an actor is an API key of the bureau (staff or admin).
func isStaff(actor string) bool {
	return strings.HasPrefix(actor, "staff:") || strings.HasPrefix(actor, "admin:")
}

// recused reports whether by declared an interest in the case, with this
// key or another key of the same holder.
func (d *Dispute) recused(by auth.Signer) bool {
	for _, i := range d.Interests {
		if i.Actor == by.Actor() || auth.SamePerson(auth.Signer{KeyID: actorSigner(i.Actor).KeyID, Holder: i.Holder}, by) {
			return true
		}
	}
	return false
}

// step runs one workflow step on a case in one transaction: the state
// machine decides whether the action is allowed, staff who declared an
// interest are kept out, fn applies the step and the timeline and audit
// record it.
func (s *Service) step(ctx context.Context, id, actor string, action DisputeAction, fn func(tx *store.Tx, d *Dispute, today time.Time, now time.Time) (note string, late bool, err error)) (*Dispute, error) {
	var d *Dispute
	by := signerOf(ctx, actor)
	err := s.update(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = loadDispute(tx, id); err != nil {
			return err
		}
		if isStaff(actor) && d.recused(by) {
			if action == DActDeclareInterest {
				return apperr.Conflict("您已声明与本案存在利害关系")
			}
			return apperr.Forbidden("您已声明与本案存在利害关系，应当回避，不能再办理本案")
		}
		to, err := NextDisputeState(d.State, action)
		if err != nil {
			return err
		}
		before := d.clone()
		now := s.now()
		note, late, err := fn(tx, d, civil(now), now)
		if err != nil {
			return err
		}
		d.event(by, action, before.State, to, now, note, late)
		if to.Terminal() {
			d.ClosedOn = fmtDate(civil(now))
		}
		return putDispute(tx, actor, action, before, d, note)
	})
	return d, err
}

// answerPeriodOver reports whether the case may go on to mediation or a
// ruling: the respondent answered, or its answer period ended (silence does
// not stop the case).
func answerPeriodOver(d *Dispute, today time.Time) error {
	if d.State == DspServed && d.Answer == nil && !today.After(parseDate(d.AnswerDue)) {
		return apperr.Conflict("被申请人的答辩期至 %s 届满；被申请人答辩或答辩期满后才能调解或裁决", d.AnswerDue)
	}
	return nil
}

func lateFor(today time.Time, due string) bool { return due != "" && today.After(parseDate(due)) }

func lateNote(late bool, what, due string) string {
	if late {
		return fmt.Sprintf("（已超过%s期限 %s）", what, due)
	}
	return ""
}

// RequestMaterial sends the one-time notice of missing material.
func (s *Service) RequestMaterial(ctx context.Context, actor, id, missing string) (*Dispute, error) {
	if err := checkText("missing（需补正的材料）", missing, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	return s.step(ctx, id, actor, DActRequestMaterial, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if d.MaterialRequest != nil {
			return "", false, apperr.Conflict("补正材料只能一次性告知，本案已于 %s 告知过", d.MaterialRequest.RequestedOn)
		}
		late := lateFor(today, d.AcceptDue)
		d.MaterialRequest = &MaterialRequest{Missing: strings.TrimSpace(missing), RequestedOn: fmtDate(today), RequestedBy: actor}
		return "一次性告知申请人补正：" + d.MaterialRequest.Missing + lateNote(late, "受理审查", d.AcceptDue), late, nil
	})
}

// Supplement records the applicant's missing material; the acceptance
// period starts again from its receipt.
func (s *Service) Supplement(ctx context.Context, actor, id, statement string, ups []Upload) (*Dispute, error) {
	if err := checkText("statement（补正说明）", statement, s.Limits.TextRunes, len(ups) == 0); err != nil {
		return nil, err
	}
	return s.step(ctx, id, actor, DActSupplement, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if err := s.storeUploads(tx, d, PartyApplicant, DActSupplement, ups, now); err != nil {
			return "", false, err
		}
		d.MaterialRequest.Statement = strings.TrimSpace(statement)
		d.MaterialRequest.SupplementedOn = fmtDate(today)
		d.AcceptDue = fmtDate(s.Calendar().AddWorkingDays(today, AcceptWorkingDays))
		return fmt.Sprintf("收到补正材料（%d 个文件），应于 %s 前作出是否受理的决定", len(ups), d.AcceptDue), false, nil
	})
}

// Accept accepts the case: the copy is due to the respondent within 5
// working days and the ruling within 3 months.
func (s *Service) Accept(ctx context.Context, actor, id, note string) (*Dispute, error) {
	if err := checkText("note", note, s.Limits.ShortRunes, false); err != nil {
		return nil, err
	}
	return s.step(ctx, id, actor, DActAccept, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		late := lateFor(today, d.AcceptDue)
		cal := s.Calendar()
		d.AcceptedOn = fmtDate(today)
		d.ServeDue = fmtDate(cal.AddWorkingDays(today, ServeWorkingDays))
		d.RulingDue = fmtDate(cal.RollForward(today.AddDate(0, RulingMonths, 0)))
		msg := fmt.Sprintf("受理；应于 %s 前向被申请人送达申请书副本，于 %s 前作出裁决", d.ServeDue, d.RulingDue)
		if n := strings.TrimSpace(note); n != "" {
			msg += "。" + n
		}
		return msg + lateNote(late, "受理审查", d.AcceptDue), late, nil
	})
}

// Reject refuses to accept the case (不予受理), with the reason.
func (s *Service) Reject(ctx context.Context, actor, id, reason string) (*Dispute, error) {
	if err := checkText("reason（不予受理的理由）", reason, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	return s.step(ctx, id, actor, DActReject, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		late := d.State == DspReceived && lateFor(today, d.AcceptDue)
		d.Outcome, d.Resolution = OutcomeRejected, strings.TrimSpace(reason)
		return "不予受理：" + d.Resolution + lateNote(late, "受理审查", d.AcceptDue), late, nil
	})
}

// Serve records the service of the copy on the respondent and returns the
// respondent's token (shown once), which the copy carries.
func (s *Service) Serve(ctx context.Context, actor, id, note string) (*Dispute, string, error) {
	if err := checkText("note", note, s.Limits.ShortRunes, false); err != nil {
		return nil, "", err
	}
	var token string
	d, err := s.step(ctx, id, actor, DActServe, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		late := lateFor(today, d.ServeDue)
		d.ServedOn = fmtDate(today)
		d.AnswerDue = fmtDate(s.Calendar().AddWorkingDays(today, AnswerWorkingDays))
		var err error
		token, err = s.issueToken(tx, actor, TokenRef{Kind: KindDispute, ID: d.ID, Party: PartyRespondent, CreatedAt: now.UTC()})
		if err != nil {
			return "", false, err
		}
		msg := fmt.Sprintf("向被申请人送达申请书副本；答辩期至 %s（逾期不答辩不影响案件处理）", d.AnswerDue)
		if n := strings.TrimSpace(note); n != "" {
			msg += "。" + n
		}
		return msg + lateNote(late, "送达", d.ServeDue), late, nil
	})
	return d, token, err
}

// Answer records the respondent's answer, sent with the respondent's token
// or recorded by staff from a paper answer.
func (s *Service) Answer(ctx context.Context, actor, id, text string, ups []Upload) (*Dispute, error) {
	if err := checkText("answer（答辩意见）", text, s.Limits.TextRunes, true); err != nil {
		return nil, err
	}
	return s.step(ctx, id, actor, DActAnswer, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		party := PartyRespondent
		if isStaff(actor) {
			party = "staff"
		}
		if err := s.storeUploads(tx, d, party, DActAnswer, ups, now); err != nil {
			return "", false, err
		}
		late := lateFor(today, d.AnswerDue)
		d.Answer = &Answer{Text: strings.TrimSpace(text), By: actor, On: fmtDate(today), Late: late}
		msg := "被申请人答辩"
		if party == "staff" {
			msg = "办案人员录入被申请人的书面答辩"
		}
		return msg + lateNote(late, "答辩", d.AnswerDue), late, nil
	})
}

// Mediate records a mediation: success closes the case with the agreement;
// failure lets it go on to a ruling.
func (s *Service) Mediate(ctx context.Context, actor, id string, success bool, text string) (*Dispute, error) {
	if err := checkText("text（调解协议或调解情况）", text, s.Limits.TextRunes, true); err != nil {
		return nil, err
	}
	action, result := DActMediateFailure, "failure"
	if success {
		action, result = DActMediateSuccess, "success"
	}
	return s.step(ctx, id, actor, action, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if err := answerPeriodOver(d, today); err != nil {
			return "", false, err
		}
		text = strings.TrimSpace(text)
		d.Mediations = append(d.Mediations, Mediation{Result: result, Text: text, By: actor, On: fmtDate(today)})
		if success {
			d.Outcome, d.Resolution = OutcomeMediated, text
			return "调解成功，达成调解协议：" + text, false, nil
		}
		return "调解不成：" + text, false, nil
	})
}

// Extend records the one extension of the ruling deadline, with its reason.
func (s *Service) Extend(ctx context.Context, actor, id, reason, until string) (*Dispute, error) {
	if err := checkText("reason（延期理由）", reason, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	u, err := time.Parse(dateLayout, strings.TrimSpace(until))
	if err != nil {
		return nil, apperr.Invalid("until 应为 YYYY-MM-DD 格式的日期")
	}
	return s.step(ctx, id, actor, DActExtend, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if d.Extension != nil {
			return "", false, apperr.Conflict("裁决期限已于 %s 延长至 %s，只能延长一次", d.Extension.On, d.Extension.Until)
		}
		due := parseDate(d.RulingDue)
		if !u.After(due) {
			return "", false, apperr.Invalid("延长后的期限 %s 应晚于现裁决期限 %s", fmtDate(u), d.RulingDue)
		}
		if u.After(due.AddDate(0, MaxExtensionMonths, 0)) {
			return "", false, apperr.Invalid("裁决期限最多延长 %d 个月（至 %s）", MaxExtensionMonths, fmtDate(due.AddDate(0, MaxExtensionMonths, 0)))
		}
		d.Extension = &Extension{Reason: strings.TrimSpace(reason), PreviousDue: d.RulingDue, Until: fmtDate(u), By: actor, On: fmtDate(today)}
		d.RulingDue = d.Extension.Until
		return fmt.Sprintf("裁决期限由 %s 延长至 %s：%s", d.Extension.PreviousDue, d.Extension.Until, d.Extension.Reason), false, nil
	})
}

// DeclareInterest records that a staff member has an interest in the case.
func (s *Service) DeclareInterest(ctx context.Context, actor, id, reason string) (*Dispute, error) {
	if !isStaff(actor) {
		return nil, apperr.Forbidden("只有办案人员可以声明回避")
	}
	if err := checkText("reason（利害关系说明）", reason, s.Limits.ShortRunes, true); err != nil {
		return nil, err
	}
	by := signerOf(ctx, actor)
	return s.step(ctx, id, actor, DActDeclareInterest, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		d.Interests = append(d.Interests, Interest{Actor: actor, Holder: by.Holder, Reason: strings.TrimSpace(reason), On: fmtDate(today)})
		msg := "办案人员声明与本案存在利害关系，回避"
		if d.Draft != nil && auth.SamePerson(d.Draft.drafter(), by) {
			msg += "；其拟定的裁决须由其他办案人员重新拟定"
		}
		return msg, false, nil
	})
}
