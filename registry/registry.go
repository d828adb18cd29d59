package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/index"
	"namescope/name"
	"namescope/store"
)

// outboxTopic is the outbox topic of the name index.
const outboxTopic = "names"

// Enterprise is a name the registry knows of, with the parts the name check
// needs, computed once when it is written.
type Enterprise struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Normalized    string   `json:"normalized"`
	USCC          string   `json:"uscc,omitempty"`
	Status        string   `json:"status"`
	StatusDate    string   `json:"status_date,omitempty"`
	ReservedUntil string   `json:"reserved_until,omitempty"`
	IndustryCode  string   `json:"industry_code"`
	AuthorityCode string   `json:"authority_code"`
	Scope         string   `json:"scope"`
	EntType       string   `json:"ent_type,omitempty"`
	Investors     []string `json:"investors,omitempty"`
	TradeName     string   `json:"trade_name"`
	IndustryExpr  string   `json:"industry_expr,omitempty"`
	NameIndustry  string   `json:"name_industry,omitempty"` // GB/T code the expression stands for
	IndustryGroup string   `json:"industry_group,omitempty"`
	// Protected 字号 are protected across industries within the city.
	Protected       bool   `json:"protected,omitempty"`
	ProtectedReason string `json:"protected_reason,omitempty"`
	// Masked is set while an order to stop using the name runs (Reg 734
	// Art 23, set by the lifecycle): public answers show the enterprise by
	// its USCC only, and never find it by its name.
	Masked bool `json:"masked,omitempty"`
	// Established is the establishment date (成立日期, YYYY-MM-DD).
	Established string `json:"established,omitempty"`
	// LegalRep is the legal representative: personal data, never in a
	// public answer (see WithoutPersonal).
	LegalRep string `json:"legal_representative,omitempty"`
	// SmallMicro: the enterprise is a 小微企业 (as the registration system
	// knows it).
	SmallMicro bool      `json:"small_micro,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Input is an enterprise as a registration system submits it.
type Input struct {
	Name          string   `json:"name"`
	USCC          string   `json:"uscc"`
	Status        string   `json:"status"`
	StatusDate    string   `json:"status_date"`
	IndustryCode  string   `json:"industry_code"`
	AuthorityCode string   `json:"authority_code"`
	EntType       string   `json:"ent_type"`
	Investors     []string `json:"investors"`
	Established   string   `json:"established"`
	LegalRep      string   `json:"legal_representative"`
	SmallMicro    bool     `json:"small_micro"`
}

var statuses = []string{name.StatusActive, name.StatusReserved, name.StatusCancelled, name.StatusRevoked}

// Service is the registry.
type Service struct {
	db    *store.DB
	idx   *index.Names // enterprise names
	marks *index.Names // trademarks: a small index of its own keeps mark look-ups cheap
	now   func() time.Time

	// Credit, when set, records the credit events of writes (CreditHook).
	Credit CreditHook
	// Derived, when set, keeps what other modules derive from enterprise
	// records in the transactions that write them (DerivedHook).
	Derived DerivedHook

	// Level is the level at which identical-name industries are compared
	// in what the registry reports (0: 大类, as the checker's default).
	Level dict.IndustryLevel

	// applyMu: writers apply their own entries concurrently (read lock);
	// the outbox scan and a rebuild run alone (write lock).
	applyMu    sync.RWMutex
	outboxSeen string // last outbox key ApplyOutbox processed (guarded by applyMu)

	// cands caches decoded candidate records (see candidate).
	cands *store.Cache
}

// New returns a registry over an open store, name index and mark index. A
// fresh index must be filled with Reindex; pending outbox entries are
// applied by ApplyOutbox.
func New(db *store.DB, names, marks *index.Names) *Service {
	return &Service{db: db, idx: names, marks: marks, now: time.Now,
		cands: store.NewCache(db, store.PrefixCandidate, DefaultCandidateCache)}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// build validates an input and computes the record it becomes; p is the
// parse of in.Name when the caller has it already.
func (s *Service) build(in Input, p *name.Parts) (*Enterprise, error) {
	nm := strings.TrimSpace(in.Name)
	if err := name.ValidateName("name", nm); err != nil {
		return nil, err
	}
	if err := name.ValidateInvestors("investors", in.Investors); err != nil {
		return nil, err
	}
	e := &Enterprise{Name: nm, Status: in.Status, EntType: in.EntType, AuthorityCode: in.AuthorityCode}
	e.USCC = strings.ToUpper(strings.TrimSpace(in.USCC))
	if e.USCC != "" && !ValidUSCC(e.USCC) {
		return nil, apperr.Invalid("uscc %q 不是有效的统一社会信用代码（18 位，校验码须正确）", in.USCC)
	}
	if !contains(statuses, e.Status) {
		return nil, apperr.Invalid("status 应为 %s 之一", strings.Join(statuses, ", "))
	}
	if in.StatusDate != "" {
		d, err := time.Parse("2006-01-02", in.StatusDate)
		if err != nil {
			return nil, apperr.Invalid("status_date 应为 YYYY-MM-DD 格式的日期")
		}
		e.StatusDate = d.Format("2006-01-02")
	} else if e.Status != name.StatusActive {
		return nil, apperr.Invalid("status 为 %s 时必须提供 status_date（保留、注销或撤销的日期）", e.Status)
	}
	if in.Established != "" {
		d, err := time.Parse("2006-01-02", in.Established)
		if err != nil {
			return nil, apperr.Invalid("established 应为 YYYY-MM-DD 格式的日期（成立日期）")
		}
		e.Established = d.Format("2006-01-02")
	}
	e.LegalRep = strings.TrimSpace(in.LegalRep)
	if utf8.RuneCountInString(e.LegalRep) > 50 || strings.ContainsFunc(e.LegalRep, unicode.IsControl) {
		return nil, apperr.Invalid("legal_representative 最多 50 个字符，且不能含控制字符")
	}
	e.SmallMicro = in.SmallMicro
	scope, ok := dict.AuthorityScope(in.AuthorityCode)
	if !ok {
		return nil, apperr.Invalid("未知的行政区划代码 authority_code=%q", in.AuthorityCode)
	}
	e.Scope = scope
	if in.EntType != "" && !contains(dict.EntTypes, in.EntType) {
		return nil, apperr.Invalid("ent_type 应为 %s 之一", strings.Join(dict.EntTypes, ", "))
	}
	if len(in.Investors) > 200 {
		return nil, apperr.Invalid("investors 最多 200 个")
	}
	for _, inv := range in.Investors {
		if inv = strings.TrimSpace(inv); inv != "" {
			e.Investors = append(e.Investors, inv)
		}
	}
	if p == nil {
		p = name.Parse(nm)
	}
	e.derive(p)
	code := in.IndustryCode
	if code == "" {
		return nil, apperr.Invalid("industry_code 不能为空（GB/T 4754-2017 行业代码，如 I65 或 6513）")
	}
	ind, err := dict.ParseIndustryCode(code)
	if err != nil {
		return nil, apperr.Invalid("industry_code 无效：%v", err)
	}
	e.IndustryCode = ind.String()
	if e.USCC != "" {
		e.ID = e.USCC
	}
	return e, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Put creates or replaces an enterprise (by USCC when it has one) and
// brings the name index up to date before returning.
func (s *Service) Put(ctx context.Context, actor string, in Input) (*Enterprise, error) {
	e, _, err := s.PutReport(ctx, actor, in)
	return e, err
}

// Also is work a caller of PutReport does in the transaction that writes
// the record, after it is written, given the enterprise's USCC ("" for a
// record without one): when it fails, the whole write fails and nothing
// is written.
type Also = func(tx *store.Tx, uscc string) error

// PutReport is Put, also reporting the other enterprises whose names the
// law treats as identical to this one (Reg 734 Art 17). A registration
// system records decisions taken elsewhere: the write is accepted, and the
// identical names are reported for staff to follow up. also runs in the
// write's transaction (the scope codes sent with the record, say).
func (s *Service) PutReport(ctx context.Context, actor string, in Input, also ...Also) (*Enterprise, []IdenticalName, error) {
	e, err := s.build(in, nil)
	if err != nil {
		return nil, nil, err
	}
	issued := e.ID == ""
	if issued {
		seq, err := s.db.Next("enterprise")
		if err != nil {
			return nil, nil, apperr.Internal(err)
		}
		e.ID = fmt.Sprintf("N%012d", seq)
	}
	var entry store.OutboxEntry
	var identical []IdenticalName
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		w, err := s.write(tx, writeOp{actor: actor, now: s.now().UTC(), mode: keepStored, issued: issued}, e)
		if err != nil {
			return err
		}
		entry = w.entry
		for _, f := range also {
			if err := f(tx, e.USCC); err != nil {
				return err
			}
		}
		identical = nil
		if w.shared {
			identical, err = s.identicalTx(tx, e)
		}
		return err
	})
	if err != nil {
		return nil, nil, storeErr(err)
	}
	if err := s.applyEntries([]store.OutboxEntry{entry}, map[string]index.NameDoc{e.ID: docOf(e)}); err != nil {
		// The write is durable and the outbox keeps the update; it is
		// applied again at the next start.
		return e, identical, apperr.Internal(err)
	}
	return e, identical, nil
}

// storeErr maps a store failure to the error a caller answers with: a
// transaction that kept conflicting is "busy, try again", never internal.
func storeErr(err error) error {
	var ae *apperr.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case errors.Is(err, store.ErrContention):
		return apperr.Conflict("该记录正被同时修改，请稍后重试")
	}
	return apperr.Internal(err)
}

// Get returns the enterprise with the id (its USCC, when it has one).
func (s *Service) Get(ctx context.Context, id string) (*Enterprise, error) {
	var e Enterprise
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(store.EnterpriseKey(id), &e) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到统一社会信用代码为 %s 的企业", id)
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return &e, nil
}

// ApplyOutbox applies every pending index update, oldest first: at start-up
// (what a crash left) and after writes that enqueue without applying. It
// scans from the last entry it saw, so deletion markers of acknowledged
// entries are stepped over once, not on every write.
func (s *Service) ApplyOutbox(ctx context.Context) error {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	for {
		pending, err := s.db.PendingAfter(outboxTopic, s.outboxSeen, 5000)
		if err != nil || len(pending) == 0 {
			return err
		}
		if err := s.applyLocked(pending, nil); err != nil {
			return err
		}
		s.outboxSeen = pending[len(pending)-1].Key
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// applyEntries applies and acknowledges the writer's own outbox entries
// right after their commit. docs may carry the enterprise documents the
// writer already has; the others are read from the store.
func (s *Service) applyEntries(entries []store.OutboxEntry, docs map[string]index.NameDoc) error {
	s.applyMu.RLock()
	defer s.applyMu.RUnlock()
	return s.applyLocked(entries, docs)
}

func (s *Service) applyLocked(entries []store.OutboxEntry, known map[string]index.NameDoc) error {
	var names, marks batch
	err := s.db.View(func(tx *store.Tx) error {
		for _, p := range entries {
			target := &names
			if strings.HasPrefix(p.ID, markDocPrefix) {
				target = &marks
			}
			if d, ok := known[p.ID]; ok {
				target.docs = append(target.docs, d)
				continue
			}
			doc, ok, err := loadDoc(tx, p.ID)
			if err != nil {
				return err
			}
			if !ok {
				target.deleted = append(target.deleted, p.ID)
				continue
			}
			target.docs = append(target.docs, doc)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.idx.Apply(names.docs, names.deleted); err != nil {
		return err
	}
	if err := s.marks.Apply(marks.docs, marks.deleted); err != nil {
		return err
	}
	return s.db.Ack(entries)
}

// batch is a set of index updates for one index.
type batch struct {
	docs    []index.NameDoc
	deleted []string
}

func docOf(e *Enterprise) index.NameDoc {
	return index.NameDoc{ID: e.ID, Scope: e.Scope, TradeName: e.TradeName}
}

// Reindex rebuilds the name index from the store (after `namescope reindex`
// or a mapping-version change). The index must be empty or fresh.
func (s *Service) Reindex(ctx context.Context) (int, error) {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	progress := s.beginReindex(ctx)
	defer s.endReindex()
	count := 0
	var docs []index.NameDoc
	flush := func() error {
		if err := s.idx.Apply(docs, nil); err != nil {
			return err
		}
		count += len(docs)
		progress.set(count)
		docs = docs[:0]
		return ctx.Err()
	}
	var marks []index.NameDoc
	err := s.db.View(func(tx *store.Tx) error {
		err := tx.Scan(store.PrefixEnterprise, "", false, func(_ string, v []byte) (bool, error) {
			var e Enterprise
			if err := json.Unmarshal(v, &e); err != nil {
				return false, err
			}
			docs = append(docs, docOf(&e))
			if len(docs) == 5000 {
				return true, flush()
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		return scanMarkDocs(tx, func(d index.NameDoc) error {
			marks = append(marks, d)
			return nil
		})
	})
	if err == nil && len(docs) > 0 {
		err = flush()
	}
	if err == nil {
		err = s.marks.Apply(marks, nil)
	}
	if err == nil && count >= compactAfter {
		err = s.idx.Compact(ctx)
	}
	if err != nil {
		return count, fmt.Errorf("reindex: %w", err)
	}
	// Everything pending is now in the index.
	for {
		pending, err := s.db.Pending(outboxTopic, 5000)
		if err != nil || len(pending) == 0 {
			return count, err
		}
		if err := s.db.Ack(pending); err != nil {
			return count, err
		}
	}
}

// Candidates implements name.Registry: names of the scope that the index
// finds for the 字号, with their records from the store.
func (s *Service) Candidates(ctx context.Context, q name.CandidateQuery) ([]name.Existing, error) {
	ids, err := s.idx.Candidates(ctx, q.Scope, q.TradeName, q.Limit)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	out := make([]name.Existing, 0, len(ids))
	err = s.db.View(func(tx *store.Tx) error {
		for _, id := range ids {
			x, ok, err := candidate(tx, id, s.cands)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, x)
			}
		}
		return nil
	})
	return out, err
}

func (e *Enterprise) existing() name.Existing {
	x := name.Existing{
		ID: e.ID, Name: e.Name, Normalized: e.Normalized, USCC: e.USCC, Status: e.Status, Scope: e.Scope,
		TradeName: e.TradeName, IndustryExpr: e.NameIndustry != "", IndustryText: e.IndustryExpr, IndustryGroup: e.IndustryGroup,
		Investors: e.Investors, Protected: e.Protected, Masked: e.Masked,
	}
	x.StatusDate, _ = time.Parse("2006-01-02", e.StatusDate)
	x.ReservedUntil, _ = time.Parse("2006-01-02", e.ReservedUntil)
	x.Industry, _ = dict.ParseIndustryCode(e.IndustryCode)
	return x
}
