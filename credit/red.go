package credit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// The red list (守信激励名单, 河南省社会信用条例 Art 28–30, 37): staff propose
// an enterprise with the facts of its good conduct; the proposal is
// announced to the public for credit.red_announcement_working_days working
// days, during which anyone may object; once the announcement is over and
// every objection decided, the proposing department includes it (or not)
// for credit.red_list_months. The inclusion ends by itself at its last day,
// or at once when the enterprise is listed in the abnormal or serious list
// or receives a published penalty (removal for cause), or by the decision
// of the listing department.

func redKey(id string) string { return store.PrefixCreditRed + id }

const seqRed = "credit-red"

// Red-list states.
const (
	RedAnnounced = "announced"  // proposed, announced to the public
	RedListed    = "listed"     // included (see Current for its end)
	RedNotListed = "not_listed" // not included: decided so, an objection upheld, or a failing since
	RedRemoved   = "removed"    // removed before its end
)

// RedObjection is an objection to a proposal during its announcement.
type RedObjection struct {
	No        int       `json:"no"`
	Applicant string    `json:"applicant"`
	Contact   string    `json:"contact,omitempty"` // staff only
	Statement string    `json:"statement"`
	FiledOn   string    `json:"filed_on"`
	State     string    `json:"state"` // filed | upheld | dismissed
	Reply     string    `json:"reply,omitempty"`
	DecidedOn string    `json:"decided_on,omitempty"`
	DecidedBy *Actor    `json:"decided_by,omitempty"`
	At        time.Time `json:"created_at"`
}

// RedEntry is a proposal for the red list and, once included, its entry.
type RedEntry struct {
	ID      string `json:"id"`
	USCC    string `json:"uscc"`
	Name    string `json:"name"`
	Grounds string `json:"grounds"` // the facts of good conduct
	Basis   string `json:"basis"`
	Dept    string `json:"dept"`
	State   string `json:"state"`
	// ProposedOn is the first day of the announcement, AnnounceUntil its
	// last (working days of the holiday calendar).
	ProposedOn     string         `json:"proposed_on"`
	AnnounceUntil  string         `json:"announce_until"`
	Objections     []RedObjection `json:"objections"`
	DecidedOn      string         `json:"decided_on,omitempty"`
	Decision       string         `json:"decision,omitempty"`
	ListedOn       string         `json:"listed_on,omitempty"`
	Until          string         `json:"until,omitempty"` // last day on the list
	EventID        string         `json:"event_id,omitempty"`
	DocumentID     string         `json:"document_id,omitempty"`
	DocumentNo     string         `json:"document_no,omitempty"`
	RemovedOn      string         `json:"removed_on,omitempty"`
	RemovalReason  string         `json:"removal_reason,omitempty"`
	RemovalEventID string         `json:"removal_event_id,omitempty"`
	// Staff only.
	ProposedBy *Actor    `json:"proposed_by,omitempty"`
	DecidedBy  *Actor    `json:"decided_by,omitempty"`
	RemovedBy  *Actor    `json:"removed_by,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Current reports whether the enterprise is on the red list on day d.
func (r *RedEntry) current(d time.Time) bool {
	return r.State == RedListed && fmtDate(d) <= r.Until
}

// announcing reports whether the announcement runs on day d.
func (r *RedEntry) announcing(d time.Time) bool {
	return r.State == RedAnnounced && fmtDate(d) <= r.AnnounceUntil
}

// public is the entry as the public sees it: no contacts, no actors.
func (r *RedEntry) public() *RedEntry {
	c := *r
	c.ProposedBy, c.DecidedBy, c.RemovedBy = nil, nil, nil
	c.Objections = make([]RedObjection, len(r.Objections))
	for i, o := range r.Objections {
		o.Contact, o.DecidedBy = "", nil
		c.Objections[i] = o
	}
	return &c
}

// RedProposal is POST /api/v1/credit/red.
type RedProposal struct {
	USCC    string `json:"uscc"`
	Grounds string `json:"grounds"`
	Basis   string `json:"basis"`
}

// redBasis is the basis a proposal cites when staff name none.
const redBasis = "《河南省社会信用条例》第二十八条、第三十条"

// ProposeRed proposes an enterprise for the red list and starts the
// announcement.
func (s *Service) ProposeRed(ctx context.Context, by Actor, in RedProposal) (*RedEntry, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	grounds, err := text("grounds", in.Grounds, 2000, true)
	if err != nil {
		return nil, err
	}
	basis, err := text("basis", in.Basis, 500, false)
	if err != nil {
		return nil, err
	}
	if basis == "" {
		basis = redBasis
	}
	today := s.today()
	var out *RedEntry
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		if e.Status != "" && e.Status != "active" {
			return apperr.Conflict("该企业不在存续状态（%s），不能列入守信激励名单", e.Status)
		}
		if err := s.redBarTx(tx, uscc, today); err != nil {
			return err
		}
		entries, err := redOfTx(tx, uscc)
		if err != nil {
			return err
		}
		for _, r := range entries {
			if r.State == RedAnnounced || r.current(today) {
				return apperr.Conflict("该企业已有守信激励名单记录 %s（%s）", r.ID, redStateLabel(&r, today))
			}
		}
		seq, err := s.db.Next(seqRed)
		if err != nil {
			return err
		}
		by2 := by
		r := &RedEntry{ID: fmt.Sprintf("RL%08d", seq), USCC: uscc, Name: e.Name, Grounds: grounds, Basis: basis, Dept: by.Dept,
			State: RedAnnounced, ProposedOn: fmtDate(today),
			AnnounceUntil: fmtDate(s.cal().AddWorkingDays(today, s.cfg.RedAnnouncementWorkingDays)),
			Objections:    []RedObjection{}, ProposedBy: &by2, UpdatedAt: s.now().UTC()}
		out = r
		return s.putRed(tx, by, "red.propose", nil, r)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// redBarTx refuses an enterprise with a failing in force: a current
// abnormal or serious listing, or a penalty in public view.
func (s *Service) redBarTx(tx *store.Tx, uscc string, today time.Time) error {
	ls, err := s.listingsTx(tx, uscc)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.Current() {
			return apperr.Conflict("该企业在经营异常名录中（%s），不能列入守信激励名单", l.ID)
		}
	}
	sls, err := seriousOfTx(tx, uscc)
	if err != nil {
		return err
	}
	for _, l := range sls {
		if l.current(today) {
			return apperr.Conflict("该企业在严重违法失信名单中（%s），不能列入守信激励名单", l.ID)
		}
	}
	evs, err := eventsTx(tx, uscc)
	if err != nil {
		return err
	}
	superseded := map[string]string{}
	for _, ev := range evs {
		if ev.Supersedes != "" {
			superseded[ev.Supersedes] = ev.ID
		}
	}
	for i := range evs {
		if ev := &evs[i]; ev.Kind == KindPenalty && visible(ev, superseded[ev.ID], today) {
			return apperr.Conflict("该企业的行政处罚信息（%s）仍在公示中，不能列入守信激励名单", ev.ID)
		}
	}
	return nil
}

// RedObjectionInput is POST /api/v1/credit/red/{id}/objections.
type RedObjectionInput struct {
	Applicant string `json:"applicant"`
	Contact   string `json:"contact"`
	Statement string `json:"statement"`
}

// ObjectRed records an objection to a proposal during its announcement.
func (s *Service) ObjectRed(ctx context.Context, by Actor, id string, in RedObjectionInput) (*RedObjection, error) {
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
	var out *RedObjection
	_, err = s.updateRed(ctx, by, id, "red.objection", func(_ *store.Tx, r *RedEntry) error {
		if !r.announcing(today) {
			return apperr.Conflict("守信激励名单拟列入公示期为 %s 至 %s，现已不在公示期内，不能提出异议", r.ProposedOn, r.AnnounceUntil)
		}
		o := RedObjection{No: len(r.Objections) + 1, Applicant: applicant, Contact: contact, Statement: statement,
			FiledOn: fmtDate(today), State: ObjectionFiled, At: s.now().UTC()}
		r.Objections = append(r.Objections, o)
		out = &o
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Contact = ""
	return out, nil
}

// DecideRedObjection decides objection no of a proposal, by the proposing
// department: upheld, the enterprise is not included.
func (s *Service) DecideRedObjection(ctx context.Context, by Actor, id string, no int, in ObjectionDecision) (*RedEntry, error) {
	if in.Upheld == nil {
		return nil, apperr.Invalid("缺少 upheld（true：异议成立；false：不成立）")
	}
	reply, err := text("reply", in.Reply, 2000, true)
	if err != nil {
		return nil, err
	}
	today := s.today()
	return s.updateRed(ctx, by, id, "red.objection_decision", func(_ *store.Tx, r *RedEntry) error {
		if err := sameDept(by, r.Dept, "该拟列入由“%s”提出，异议应由其处理"); err != nil {
			return err
		}
		if no < 1 || no > len(r.Objections) {
			return apperr.NotFound("守信激励名单记录 %s 没有第 %d 号异议", r.ID, no)
		}
		o := &r.Objections[no-1]
		if o.State != ObjectionFiled {
			return apperr.Conflict("该异议已于 %s 作出决定", o.DecidedOn)
		}
		by2 := by
		o.State, o.Reply, o.DecidedOn, o.DecidedBy = ObjectionDismissed, reply, fmtDate(today), &by2
		if *in.Upheld {
			o.State = ObjectionUpheld
			if r.State == RedAnnounced {
				r.State, r.DecidedOn, r.DecidedBy = RedNotListed, fmtDate(today), &by2
				r.Decision = "公示期间异议成立，不予列入：" + reply
			}
		}
		return nil
	})
}

// RedDecisionInput is POST /api/v1/credit/red/{id}/decision.
type RedDecisionInput struct {
	Include *bool  `json:"include"`
	Reasons string `json:"reasons"`
}

// DecideRed includes the enterprise, or not, after the announcement, by
// the proposing department, once every objection is decided; inclusion
// is numbered (列入守信激励名单决定书) and is an event of the credit file.
func (s *Service) DecideRed(ctx context.Context, by Actor, id string, in RedDecisionInput) (*RedEntry, error) {
	if in.Include == nil {
		return nil, apperr.Invalid("缺少 include（true：列入；false：不予列入）")
	}
	reasons, err := text("reasons", in.Reasons, 2000, true)
	if err != nil {
		return nil, err
	}
	today := s.today()
	return s.updateRed(ctx, by, id, "red.decide", func(tx *store.Tx, r *RedEntry) error {
		if err := sameDept(by, r.Dept, "该拟列入由“%s”提出，应由其决定"); err != nil {
			return err
		}
		if r.State != RedAnnounced {
			return apperr.Conflict("守信激励名单记录 %s 已作出决定（%s）", r.ID, redStateLabel(r, today))
		}
		if fmtDate(today) <= r.AnnounceUntil {
			return apperr.Conflict("公示期至 %s 届满，期满后方可作出列入决定", r.AnnounceUntil)
		}
		for _, o := range r.Objections {
			if o.State == ObjectionFiled {
				return apperr.Conflict("第 %d 号异议尚未处理，处理后方可作出决定", o.No)
			}
		}
		by2 := by
		r.DecidedOn, r.Decision, r.DecidedBy, r.State = fmtDate(today), reasons, &by2, RedNotListed
		if !*in.Include {
			return nil
		}
		if err := s.redBarTx(tx, r.USCC, today); err != nil {
			return err
		}
		r.State, r.ListedOn = RedListed, fmtDate(today)
		r.Until = fmtDate(today.AddDate(0, s.cfg.RedListMonths, 0).AddDate(0, 0, -1))
		ev, err := s.RecordTx(tx, Event{USCC: r.USCC, Kind: KindRedListed, Date: r.ListedOn, Dept: r.Dept, Ref: r.ID, Actor: by,
			Summary: "列入守信激励名单：" + r.Grounds + "（至 " + r.Until + "）", Basis: r.Basis, PublicUntil: r.Until})
		if err != nil {
			return err
		}
		r.EventID = ev.ID
		objections := "公示期间无异议。"
		if k := len(r.Objections); k > 0 {
			objections = fmt.Sprintf("公示期间收到异议 %d 件，经核查均不成立。", k)
		}
		doc, err := s.issueTx(tx, by, Document{Kind: DocRedListing, Dept: r.Dept, USCC: r.USCC, Party: r.Name, Date: r.ListedOn, Ref: r.ID,
			Body: fmt.Sprintf("%s（统一社会信用代码 %s）：%s。本机关于 %s 至 %s 将拟列入情况向社会公示，%s%s。"+
				"决定将其列入守信激励名单，有效期自 %s 至 %s；有效期内受到行政处罚或者被列入经营异常名录、严重违法失信名单的，自动移出。",
				r.Name, r.USCC, r.Grounds, r.ProposedOn, r.AnnounceUntil, objections, reasons, r.ListedOn, r.Until),
			Basis: r.Basis, Rights: "列入守信激励名单的，依照《河南省社会信用条例》第三十条享受守信激励措施。"}, "")
		if err != nil {
			return err
		}
		r.DocumentID, r.DocumentNo = doc.ID, doc.Number
		return nil
	})
}

// RedRemovalInput is POST /api/v1/credit/red/{id}/removal.
type RedRemovalInput struct {
	Reason string `json:"reason"`
}

// RemoveRed removes an inclusion before its end, by the listing department.
func (s *Service) RemoveRed(ctx context.Context, by Actor, id string, in RedRemovalInput) (*RedEntry, error) {
	reason, err := text("reason", in.Reason, 500, true)
	if err != nil {
		return nil, err
	}
	today := s.today()
	return s.updateRed(ctx, by, id, "red.remove", func(tx *store.Tx, r *RedEntry) error {
		if err := sameDept(by, r.Dept, "该企业由“%s”列入守信激励名单，应由其决定移出"); err != nil {
			return err
		}
		if !r.current(today) {
			return apperr.Conflict("守信激励名单记录 %s 不在名单中（%s）", r.ID, redStateLabel(r, today))
		}
		return s.removeRedTx(tx, by, r, reason, today)
	})
}

func (s *Service) removeRedTx(tx *store.Tx, by Actor, r *RedEntry, reason string, date time.Time) error {
	ev, err := s.RecordTx(tx, Event{USCC: r.USCC, Kind: KindRedRemoved, Date: fmtDate(date), Dept: by.Dept, Ref: r.ID, Actor: by,
		Summary: "移出守信激励名单：" + reason, Basis: "《河南省社会信用条例》第三十七条"})
	if err != nil {
		return err
	}
	by2 := by
	r.State, r.RemovedOn, r.RemovalReason, r.RemovalEventID, r.RemovedBy = RedRemoved, fmtDate(date), reason, ev.ID, &by2
	return nil
}

// endRedTx ends, in tx, the enterprise's red-list inclusion and closes
// its proposal in announcement, because of a failing (cause): a listing or
// a published penalty. The writer of the failing calls it in its
// transaction.
func (s *Service) endRedTx(tx *store.Tx, by Actor, uscc, cause string, date time.Time) error {
	entries, err := redOfTx(tx, uscc)
	if err != nil {
		return err
	}
	today := s.today()
	for i := range entries {
		r := &entries[i]
		before := *r
		switch {
		case r.current(today):
			if err := s.removeRedTx(tx, by, r, "因"+cause+"自动移出", date); err != nil {
				return err
			}
		case r.State == RedAnnounced:
			by2 := by
			r.State, r.DecidedOn, r.DecidedBy = RedNotListed, fmtDate(today), &by2
			r.Decision = "公示期间" + cause + "，不予列入"
		default:
			continue
		}
		r.UpdatedAt = s.now().UTC()
		if err := s.putRed(tx, by, "red.end", &before, r); err != nil {
			return err
		}
	}
	return nil
}

// sameDept refuses a decision by another department than dept (谁列入、谁
// 修复); without departments on both sides nothing is refused.
func sameDept(by Actor, dept, format string) error {
	if by.Dept != "" && dept != "" && by.Dept != dept {
		return apperr.Forbidden(format, dept)
	}
	return nil
}

// redStateLabel is the state in Chinese.
func redStateLabel(r *RedEntry, today time.Time) string {
	switch {
	case r.State == RedAnnounced && r.announcing(today):
		return "公示中"
	case r.State == RedAnnounced:
		return "公示期满待决定"
	case r.current(today):
		return "已列入"
	case r.State == RedListed:
		return "有效期届满"
	case r.State == RedRemoved:
		return "已移出"
	}
	return "不予列入"
}

func (s *Service) putRed(tx *store.Tx, by Actor, action string, before, after *RedEntry) error {
	if err := tx.Put(redKey(after.ID), after); err != nil {
		return err
	}
	return tx.Audit(store.AuditEntry{At: after.UpdatedAt, Actor: by.String(), Action: action, Object: "red/" + after.ID,
		Before: before, After: after})
}

// updateRed runs fn on the entry id in one transaction and stores it.
func (s *Service) updateRed(ctx context.Context, by Actor, id, action string, fn func(tx *store.Tx, r *RedEntry) error) (*RedEntry, error) {
	var out *RedEntry
	err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var r RedEntry
		if err := tx.Get(redKey(id), &r); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("守信激励名单记录 %s 不存在", clip(id, 20))
			}
			return err
		}
		before := r
		before.Objections = append([]RedObjection(nil), r.Objections...)
		if err := fn(tx, &r); err != nil {
			return err
		}
		r.UpdatedAt = s.now().UTC()
		out = &r
		return s.putRed(tx, by, action, &before, &r)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// redOfTx lists an enterprise's red-list records, oldest first.
func redOfTx(tx *store.Tx, uscc string) ([]RedEntry, error) {
	var out []RedEntry
	err := tx.Scan(store.PrefixCreditRed, "", false, func(_ string, v []byte) (bool, error) {
		var r RedEntry
		if err := unmarshal(v, &r); err != nil {
			return false, err
		}
		if r.USCC == uscc {
			out = append(out, r)
		}
		return true, nil
	})
	return out, err
}

// RedEntries lists the red-list records, the latest first: with all
// (staff), every record as stored; without, the proposals in announcement
// as the public sees them (to object).
func (s *Service) RedEntries(ctx context.Context, all bool) ([]*RedEntry, error) {
	today := s.today()
	out := []*RedEntry{}
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixCreditRed, "", true, func(_ string, v []byte) (bool, error) {
			var r RedEntry
			if err := unmarshal(v, &r); err != nil {
				return false, err
			}
			switch {
			case all:
				out = append(out, &r)
			case r.announcing(today):
				out = append(out, r.public())
			}
			return true, nil
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
