package credit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

func unmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Procedures of a penalty decision (行政处罚法 Art 51, 54).
const (
	ProcedureSimple   = "simple"   // 简易程序: not published
	ProcedureOrdinary = "ordinary" // 普通程序
)

// Party types, for the 较低数额罚款 threshold.
const (
	PartyOrganisation = "organisation"
	PartyPerson       = "person"
)

// Penalty item kinds (行政处罚法 Art 9).
const (
	PenWarning           = "warning"                     // 警告
	PenCriticism         = "criticism"                   // 通报批评
	PenFine              = "fine"                        // 罚款
	PenConfiscation      = "confiscation"                // 没收违法所得、没收非法财物
	PenSuspension        = "suspension"                  // 责令停产停业、责令关闭
	PenDowngrade         = "qualification_downgrade"     // 降低资质等级
	PenLicenceRevocation = "licence_revocation"          // 吊销许可证件
	PenBusinessLicence   = "business_licence_revocation" // 吊销营业执照
	PenRestriction       = "restriction"                 // 限制开展生产经营活动、限制从业
	PenOther             = "other"                       // 法律、行政法规规定的其他行政处罚
)

var penaltyLabels = map[string]string{
	PenWarning: "警告", PenCriticism: "通报批评", PenFine: "罚款", PenConfiscation: "没收违法所得、没收非法财物",
	PenSuspension: "责令停产停业", PenDowngrade: "降低资质等级", PenLicenceRevocation: "吊销许可证件",
	PenBusinessLicence: "吊销营业执照", PenRestriction: "限制开展生产经营活动或限制从业", PenOther: "其他行政处罚",
}

// PenaltyKinds lists the penalty item kinds.
var PenaltyKinds = []string{PenWarning, PenCriticism, PenFine, PenConfiscation, PenSuspension, PenDowngrade,
	PenLicenceRevocation, PenBusinessLicence, PenRestriction, PenOther}

// Domains of a penalty: the safety domains set longer repair periods.
var Domains = []string{"food", "drugs", "medical_devices", "cosmetics", "special_equipment", "other"}

// PenaltyItem is one penalty of a decision.
type PenaltyItem struct {
	Kind string `json:"kind"`
	// AmountYuan is the fine or the value confiscated.
	AmountYuan float64 `json:"amount_yuan,omitempty"`
	// Months is the length of a suspension or restriction.
	Months int    `json:"months,omitempty"`
	Text   string `json:"text,omitempty"`
}

// PenaltyInput is a penalty decision as a department or partner delivers
// it (POST /api/v1/credit/penalties).
type PenaltyInput struct {
	USCC       string        `json:"uscc"`
	DecisionNo string        `json:"decision_no"` // 行政处罚决定书文号
	Authority  string        `json:"authority"`   // 作出决定的行政机关
	DecidedOn  string        `json:"decided_on"`
	Procedure  string        `json:"procedure"`  // simple | ordinary
	PartyType  string        `json:"party_type"` // organisation (default) | person
	Penalties  []PenaltyItem `json:"penalties"`
	Domain     string        `json:"domain"`
	Violation  string        `json:"violation"` // 违法行为类型
	Basis      string        `json:"basis"`     // 处罚依据
}

// Penalty is a recorded decision: the input, normalized, with its
// publication.
type Penalty struct {
	PenaltyInput
	// Publication says why the decision is published for how long.
	Publication string `json:"publication"`
}

// PenaltyResult is the answer to a delivered penalty.
type PenaltyResult struct {
	Event *Event `json:"event"`
	// Replayed: the same decision was delivered before; nothing was written.
	Replayed bool `json:"replayed"`
}

// penaltyIndex is the record at cpn/: the event of a decision and the
// fingerprint of what was delivered.
type penaltyIndex struct {
	EventID     string `json:"event_id"`
	Fingerprint string `json:"fingerprint"`
}

func (in *PenaltyInput) normalize() error {
	var err error
	if in.USCC, err = normUSCC(in.USCC); err != nil {
		return err
	}
	if in.DecisionNo, err = text("decision_no", in.DecisionNo, 100, true); err != nil {
		return err
	}
	if in.Authority, err = text("authority", in.Authority, 100, true); err != nil {
		return err
	}
	d, err := parseDate("decided_on", in.DecidedOn)
	if err != nil {
		return err
	}
	in.DecidedOn = fmtDate(d)
	if in.Procedure != ProcedureSimple && in.Procedure != ProcedureOrdinary {
		return apperr.Invalid("procedure 应为 simple（简易程序）或 ordinary（普通程序）")
	}
	if in.PartyType == "" {
		in.PartyType = PartyOrganisation
	}
	if in.PartyType != PartyOrganisation && in.PartyType != PartyPerson {
		return apperr.Invalid("party_type 应为 organisation（法人或其他组织）或 person（自然人）")
	}
	if !contains(Domains, in.Domain) {
		return apperr.Invalid("domain 应为 %s 之一", strings.Join(Domains, "、"))
	}
	if in.Violation, err = text("violation", in.Violation, 500, true); err != nil {
		return err
	}
	if in.Basis, err = text("basis", in.Basis, 500, true); err != nil {
		return err
	}
	if len(in.Penalties) == 0 || len(in.Penalties) > 10 {
		return apperr.Invalid("penalties 应有 1 至 10 项处罚")
	}
	for i := range in.Penalties {
		p := &in.Penalties[i]
		if !contains(PenaltyKinds, p.Kind) {
			return apperr.Invalid("penalties[%d].kind 应为 %s 之一", i, strings.Join(PenaltyKinds, "、"))
		}
		if p.AmountYuan < 0 || math.IsNaN(p.AmountYuan) || p.AmountYuan > 1e12 {
			return apperr.Invalid("penalties[%d].amount_yuan 应为不小于 0 的金额（元）", i)
		}
		if p.Kind == PenFine && p.AmountYuan <= 0 {
			return apperr.Invalid("penalties[%d]：罚款须有 amount_yuan（元）", i)
		}
		if p.Months < 0 || p.Months > 1200 {
			return apperr.Invalid("penalties[%d].months 应为 0 至 1200 之间的月数", i)
		}
		if p.Kind == PenRestriction && p.Months == 0 {
			return apperr.Invalid("penalties[%d]：限制开展生产经营活动或限制从业须有期限 months（月）", i)
		}
		if p.Text, err = text(fmt.Sprintf("penalties[%d].text", i), p.Text, 500, false); err != nil {
			return err
		}
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Publication is how long a penalty decision is published (行政处罚信息公示规定
// Art 2 and 13): not at all, or for Months from the day it is published.
type Publication struct {
	Public bool
	Months int
	Reason string
}

// PublicationOf decides the publication of a decision under the settings.
func (s *Service) PublicationOf(in *PenaltyInput) Publication {
	if in.Procedure == ProcedureSimple {
		return Publication{Reason: "适用简易程序作出的行政处罚不予公示（《市场监督管理行政处罚信息公示规定》第二条）"}
	}
	threshold := float64(s.cfg.LowFineOrganisationYuan)
	if in.PartyType == PartyPerson {
		threshold = float64(s.cfg.LowFinePersonYuan)
	}
	onlyWarning, light := true, true
	restriction := 0
	for _, p := range in.Penalties {
		switch p.Kind {
		case PenWarning:
		case PenCriticism:
			onlyWarning = false
		case PenFine:
			onlyWarning = false
			if p.AmountYuan >= threshold {
				light = false
			}
		default:
			onlyWarning, light = false, false
		}
		if p.Kind == PenRestriction && p.Months > restriction {
			restriction = p.Months
		}
	}
	switch {
	case onlyWarning:
		return Publication{Reason: "仅受到警告行政处罚的不予公示（《市场监督管理行政处罚信息公示规定》第二条）"}
	case light:
		return Publication{Public: true, Months: s.cfg.LowPenaltyPublicationMonths,
			Reason: fmt.Sprintf("仅受到通报批评或者较低数额罚款（低于 %.0f 元），公示期 %d 个月（《市场监督管理行政处罚信息公示规定》第十三条第一款）", threshold, s.cfg.LowPenaltyPublicationMonths)}
	case restriction > s.cfg.PenaltyPublicationYears*12:
		return Publication{Public: true, Months: restriction,
			Reason: fmt.Sprintf("限制开展生产经营活动或限制从业超过 %d 年，公示期按实际限制期限 %d 个月执行（第十三条第三款）", s.cfg.PenaltyPublicationYears, restriction)}
	}
	return Publication{Public: true, Months: s.cfg.PenaltyPublicationYears * 12,
		Reason: fmt.Sprintf("公示期 %d 年（《市场监督管理行政处罚信息公示规定》第十三条第一款）", s.cfg.PenaltyPublicationYears)}
}

// lastDay is the last day of a publication of months from from.
func lastDay(from time.Time, months int) time.Time {
	return from.AddDate(0, months, 0).AddDate(0, 0, -1)
}

// fingerprint identifies what was delivered, to tell a replay from a
// different decision under the same number.
func fingerprint(in *PenaltyInput) string {
	b, _ := json.Marshal(in)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// RecordPenalty records a penalty decision in the credit file. The same
// decision (authority + decision number) delivered again with the same
// content is a replay: the recorded event is returned and nothing is
// written; a different content under the same number is refused.
func (s *Service) RecordPenalty(ctx context.Context, by Actor, in PenaltyInput) (*PenaltyResult, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	decided, _ := time.Parse(dateLayout, in.DecidedOn)
	if decided.After(s.today()) {
		return nil, apperr.Invalid("decided_on（%s）不能晚于今天", in.DecidedOn)
	}
	var res *PenaltyResult
	err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var err error
		res, err = s.recordPenaltyTx(tx, by, &in)
		return err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return res, nil
}

// recordPenaltyTx records the normalized decision in into tx (see
// RecordPenalty).
func (s *Service) recordPenaltyTx(tx *store.Tx, by Actor, in *PenaltyInput) (*PenaltyResult, error) {
	fp := fingerprint(in)
	var idx penaltyIndex
	switch err := tx.Get(penaltyKey(in.Authority, in.DecisionNo), &idx); {
	case err == nil:
		if idx.Fingerprint != fp {
			return nil, apperr.Conflict("%s 已登记过文号为“%s”的另一项处罚决定：内容不同，请以更正方式修改", in.Authority, in.DecisionNo)
		}
		ev, err := eventTx(tx, idx.EventID)
		if err != nil {
			return nil, err
		}
		return &PenaltyResult{Event: ev, Replayed: true}, nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if _, err := s.enterpriseTx(tx, in.USCC); err != nil {
		return nil, err
	}
	pub := s.PublicationOf(in)
	ev := Event{USCC: in.USCC, Kind: KindPenalty, Date: in.DecidedOn, Dept: in.Authority,
		Summary: penaltySummary(in), Basis: in.Basis, Public: pub.Public, Actor: by,
		Penalty: &Penalty{PenaltyInput: *in, Publication: pub.Reason}}
	if pub.Public {
		from := s.today()
		ev.PublicFrom, ev.PublicUntil = fmtDate(from), fmtDate(lastDay(from, pub.Months))
	}
	stored, err := s.RecordTx(tx, ev)
	if err != nil {
		return nil, err
	}
	if pub.Public {
		// A published penalty ends a red-list inclusion (or proposal).
		if err := s.endRedTx(tx, by, in.USCC, "受到行政处罚（"+in.DecisionNo+"）", s.today()); err != nil {
			return nil, err
		}
	}
	return &PenaltyResult{Event: stored}, tx.Put(penaltyKey(in.Authority, in.DecisionNo), penaltyIndex{EventID: stored.ID, Fingerprint: fp})
}

func penaltySummary(in *PenaltyInput) string {
	var parts []string
	for _, p := range in.Penalties {
		l := penaltyLabels[p.Kind]
		switch {
		case p.Kind == PenFine || (p.Kind == PenConfiscation && p.AmountYuan > 0):
			l += fmt.Sprintf(" %s 元", yuan(p.AmountYuan))
		case p.Months > 0:
			l += fmt.Sprintf(" %d 个月", p.Months)
		}
		parts = append(parts, l)
	}
	return fmt.Sprintf("%s（%s）：%s；处罚内容：%s", in.Authority, in.DecisionNo, in.Violation, strings.Join(parts, "、"))
}

func yuan(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
