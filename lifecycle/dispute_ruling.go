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

// mayRule refuses a signer who cannot draft or sign a ruling: only staff
// keys sign, and an admin key, admitted everywhere else, does not sign in
// anyone's place.
func mayRule(by auth.Signer) error {
	switch {
	case by.Role == auth.RoleAdmin:
		return apperr.Forbidden("管理员密钥不能代替办案人员拟定或签署裁决，裁决须由两名办案人员以各自的 staff 密钥签署")
	case by.Role != auth.RoleStaff || by.KeyID == "":
		return apperr.Forbidden("裁决须由办案人员（staff 角色的密钥）拟定和签署")
	}
	return nil
}

// DraftRuling proposes the ruling; its drafter, by, is the first signer. A
// new draft replaces the previous one.
func (s *Service) DraftRuling(ctx context.Context, by auth.Signer, id, outcome, reasons string) (*Dispute, error) {
	if err := mayRule(by); err != nil {
		return nil, err
	}
	ctx, actor := auth.WithSigner(ctx, by), by.Actor()
	if outcome != OutcomeDismissed && outcome != OutcomeMustChange {
		return nil, apperr.Invalid("outcome 应为 dismissed（驳回申请）或 must_change（责令被申请人停止使用名称）")
	}
	if err := checkText("reasons（裁决理由）", reasons, s.Limits.TextRunes, true); err != nil {
		return nil, err
	}
	return s.step(ctx, id, actor, DActDraftRuling, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if err := answerPeriodOver(d, today); err != nil {
			return "", false, err
		}
		d.Draft = &Ruling{
			Outcome: outcome, Reasons: strings.TrimSpace(reasons), DraftedBy: actor, DraftedOn: fmtDate(today),
			Signers: []string{actor}, Signatures: []auth.Signer{by},
		}
		return "拟定裁决（" + outcomeLabel(outcome) + "），拟稿人签署，待第二名办案人员签署", false, nil
	})
}

func outcomeLabel(o string) string {
	switch o {
	case OutcomeDismissed:
		return "驳回申请"
	case OutcomeMustChange:
		return "责令被申请人停止使用名称"
	case OutcomeMediated:
		return "调解结案"
	case OutcomeRejected:
		return "不予受理"
	}
	return o
}

// Sign adds the second signature, by's, to the drafted ruling, which takes
// effect: dismissed, or the respondent must stop using its name and change
// it within 30 days (its name is replaced by its USCC in public answers
// meanwhile).
//
// The two signatures are those of two different people (auth.SamePerson):
// the drafter cannot sign again with the same key nor with another key of
// the same holder (409). A key that names no holder (made before holders
// existed) is known only by its ID, so two such keys count as two people;
// the bureau replaces them with named keys. Admin keys never sign (403).
func (s *Service) Sign(ctx context.Context, by auth.Signer, id string) (*Dispute, error) {
	if err := mayRule(by); err != nil {
		return nil, err
	}
	ctx, actor := auth.WithSigner(ctx, by), by.Actor()
	var outcome string
	err := s.db.View(func(tx *store.Tx) error {
		d, err := loadDispute(tx, id)
		if err == nil && d.Draft != nil {
			outcome = d.Draft.Outcome
		}
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	action := DActSignDismissal
	if outcome == OutcomeMustChange {
		action = DActSignOrder
	}
	return s.step(ctx, id, actor, action, func(tx *store.Tx, d *Dispute, today, now time.Time) (string, bool, error) {
		if d.Draft == nil || d.Draft.Outcome != outcome {
			return "", false, apperr.Conflict("拟定的裁决刚刚被修改，请重新查看后签署")
		}
		drafter := d.Draft.drafter()
		if d.Draft.DraftedBy == actor {
			return "", false, apperr.Conflict("裁决须由两名不同的办案人员签署，您已作为拟稿人签署")
		}
		if auth.SamePerson(drafter, by) {
			return "", false, apperr.Conflict("裁决须由两名不同的办案人员签署：拟稿人 %s 已签署，同一持有人的另一把密钥不能作为第二签名", drafter.Holder)
		}
		if d.recused(drafter) {
			return "", false, apperr.Conflict("拟稿人已声明回避，须由其他办案人员重新拟定裁决")
		}
		r := *d.Draft
		r.Signers = []string{d.Draft.DraftedBy, actor}
		r.Signatures = []auth.Signer{drafter, by}
		r.EffectiveOn = fmtDate(today)
		r.Late = lateFor(today, d.RulingDue)
		d.Ruling, d.Draft, d.Outcome, d.Resolution = &r, nil, r.Outcome, r.Reasons
		msg := "两名办案人员签署，裁决生效：" + outcomeLabel(r.Outcome)
		if r.Outcome == OutcomeMustChange {
			order, skip, err := s.orderChange(tx, actor, d.Respondent.USCC, d.Respondent.NameRecordID, d.ID, now)
			if err != nil {
				return "", false, err
			}
			if order != nil {
				d.Ruling.ChangeDue = order.ChangeDue
				msg += fmt.Sprintf("；被申请人须于 %s 前申请名称变更登记，变更前公示信息以统一社会信用代码代替名称，逾期列入经营异常名录", order.ChangeDue)
			} else {
				d.Ruling.Note = skip
				msg += "；" + skip
			}
		}
		return msg + lateNote(r.Late, "裁决", d.RulingDue), r.Late, nil
	})
}
