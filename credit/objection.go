package credit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"namescope/apperr"
	"namescope/store"
)

func objectionKey(id string) string { return store.PrefixCreditObjection + id }

const seqObjection = "credit-objection"

// Objection states.
const (
	ObjectionFiled     = "filed"
	ObjectionUpheld    = "upheld"    // the listing was wrong: removed
	ObjectionDismissed = "dismissed" // the listing stands
)

// Objection is an enterprise's objection to its listing in the abnormal
// operations list, within credit.abnormal_objection_days of the listing;
// the listing department decides whether to accept it within
// objection_accept_working_days and replies within
// objection_reply_working_days (working days of the holiday calendar).
type Objection struct {
	ID        string    `json:"id"`
	ListingID string    `json:"listing_id"`
	USCC      string    `json:"uscc"`
	Applicant string    `json:"applicant"`
	Contact   string    `json:"contact"`
	Statement string    `json:"statement"`
	FiledOn   string    `json:"filed_on"`
	AcceptDue string    `json:"accept_due"`
	ReplyDue  string    `json:"reply_due"`
	State     string    `json:"state"`
	Reply     string    `json:"reply,omitempty"`
	DecidedOn string    `json:"decided_on,omitempty"`
	DecidedBy *Actor    `json:"decided_by,omitempty"`
	At        time.Time `json:"created_at"`
}

// ObjectionInput is POST /api/v1/credit/abnormal/{id}/objections.
type ObjectionInput struct {
	Applicant string `json:"applicant"`
	Contact   string `json:"contact"`
	Statement string `json:"statement"`
}

// Object records an objection to the listing id.
func (s *Service) Object(ctx context.Context, by Actor, id string, in ObjectionInput) (*Objection, error) {
	applicant, err := text("applicant", in.Applicant, 100, true)
	if err != nil {
		return nil, err
	}
	contact, err := text("contact", in.Contact, 100, true)
	if err != nil {
		return nil, err
	}
	statement, err := text("statement", in.Statement, 5000, true)
	if err != nil {
		return nil, err
	}
	today := s.today()
	var out *Objection
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var l Listing
		if err := tx.Get(listingKey(id), &l); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("经营异常名录记录 %s 不存在", id)
			}
			return err
		}
		if !l.Current() {
			return apperr.Conflict("该记录已于 %s 移出经营异常名录", l.RemovedOn)
		}
		listed, _ := time.Parse(dateLayout, l.ListedOn)
		last := listed.AddDate(0, 0, s.cfg.AbnormalObjectionDays)
		if today.After(last) {
			return apperr.Conflict("对列入经营异常名录的异议应在列入之日起 %d 日内（%s 前）提出", s.cfg.AbnormalObjectionDays, fmtDate(last))
		}
		open, err := s.objectionsTx(tx, id)
		if err != nil {
			return err
		}
		for _, o := range open {
			if o.State == ObjectionFiled {
				return apperr.Conflict("该列入记录已有异议 %s 正在处理", o.ID)
			}
		}
		seq, err := s.db.Next(seqObjection)
		if err != nil {
			return err
		}
		cal := s.cal()
		o := &Objection{ID: fmt.Sprintf("OB%08d", seq), ListingID: id, USCC: l.USCC, Applicant: applicant, Contact: contact,
			Statement: statement, FiledOn: fmtDate(today), AcceptDue: fmtDate(cal.AddWorkingDays(today, s.cfg.ObjectionAcceptWorkingDays)),
			ReplyDue: fmtDate(cal.AddWorkingDays(today, s.cfg.ObjectionReplyWorkingDays)), State: ObjectionFiled, At: s.now().UTC()}
		if err := tx.Put(objectionKey(o.ID), o); err != nil {
			return err
		}
		out = o
		return tx.Audit(store.AuditEntry{At: o.At, Actor: by.String(), Action: "abnormal.objection", Object: "abnormal/" + id, After: o})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// ObjectionDecision is POST /api/v1/credit/objections/{id}/decision.
type ObjectionDecision struct {
	Upheld *bool  `json:"upheld"`
	Reply  string `json:"reply"`
}

// DecideObjection decides an objection: upheld, the listing is removed as
// wrong (by the listing department, 谁列入、谁修复); dismissed, it stands.
func (s *Service) DecideObjection(ctx context.Context, by Actor, id string, in ObjectionDecision) (*Objection, error) {
	if in.Upheld == nil {
		return nil, apperr.Invalid("缺少 upheld（true：异议成立；false：不成立）")
	}
	reply, err := text("reply", in.Reply, 2000, true)
	if err != nil {
		return nil, err
	}
	var out *Objection
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var o Objection
		if err := tx.Get(objectionKey(id), &o); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("异议 %s 不存在", id)
			}
			return err
		}
		if o.State != ObjectionFiled {
			return apperr.Conflict("异议 %s 已于 %s 作出决定", id, o.DecidedOn)
		}
		var l Listing
		if err := tx.Get(listingKey(o.ListingID), &l); err != nil {
			return err
		}
		if by.Dept != "" && l.Dept != "" && by.Dept != l.Dept {
			return apperr.Forbidden("该企业由“%s”列入经营异常名录，异议应由其处理（谁列入、谁修复）", l.Dept)
		}
		before := o
		today := s.today()
		o.State, o.Reply, o.DecidedOn = ObjectionDismissed, reply, fmtDate(today)
		by2 := by
		o.DecidedBy = &by2
		if *in.Upheld {
			o.State = ObjectionUpheld
			if l.Current() {
				if _, err := s.removeTx(tx, by, &l, "异议成立："+reply, today, time.Time{}); err != nil {
					return err
				}
			}
		}
		if err := tx.Put(objectionKey(o.ID), &o); err != nil {
			return err
		}
		out = &o
		return tx.Audit(store.AuditEntry{At: s.now().UTC(), Actor: by.String(), Action: "abnormal.objection_decision",
			Object: "abnormal/" + o.ListingID, Before: &before, After: &o})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// objectionsTx lists the objections to a listing ("" for every one).
func (s *Service) objectionsTx(tx *store.Tx, listingID string) ([]Objection, error) {
	var out []Objection
	err := tx.Scan(store.PrefixCreditObjection, "", false, func(_ string, v []byte) (bool, error) {
		var o Objection
		if err := unmarshal(v, &o); err != nil {
			return false, err
		}
		if listingID == "" || o.ListingID == listingID {
			out = append(out, o)
		}
		return true, nil
	})
	return out, err
}
