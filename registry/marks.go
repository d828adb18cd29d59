package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/index"
	"namescope/name"
	"namescope/store"
)

// markScope is the index scope of trademarks: marks are national, not
// bound to a registration authority.
const markScope = "TM"

// markDocPrefix distinguishes trademark documents in the name index.
const markDocPrefix = "tm:"

// Trademark is a registered mark the bureau compares 字号 with.
type Trademark struct {
	RegNo     string    `json:"reg_no"`
	Mark      string    `json:"mark"`
	Text      string    `json:"text"` // normalized
	Classes   []int     `json:"classes"`
	Holder    string    `json:"holder,omitempty"`
	WellKnown bool      `json:"well_known"`
	Source    string    `json:"source,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MarkInput is a trademark as submitted.
type MarkInput struct {
	RegNo     string `json:"reg_no"`
	Mark      string `json:"mark"`
	Classes   []int  `json:"classes"`
	Holder    string `json:"holder"`
	WellKnown bool   `json:"well_known"`
}

func buildMark(in MarkInput, source string) (*Trademark, error) {
	regNo := strings.TrimSpace(in.RegNo)
	mark := strings.TrimSpace(in.Mark)
	switch {
	case regNo == "" || len(regNo) > 40 || strings.ContainsAny(regNo, "/ \t"):
		return nil, apperr.Invalid("reg_no 应为商标注册号（不含空格和斜杠，最多 40 个字符）")
	case mark == "" || !utf8.ValidString(mark) || utf8.RuneCountInString(mark) > 30:
		return nil, apperr.Invalid("商标 %s 的 mark 应为 1–30 个字符", regNo)
	case len(in.Classes) == 0:
		return nil, apperr.Invalid("商标 %s 缺少尼斯分类 classes", regNo)
	}
	for _, c := range in.Classes {
		if !dict.ValidNiceClass(c) {
			return nil, apperr.Invalid("商标 %s 的尼斯分类 %d 无效（应为 1–45）", regNo, c)
		}
	}
	return &Trademark{RegNo: regNo, Mark: mark, Text: dict.Normalize(mark), Classes: in.Classes,
		Holder: strings.TrimSpace(in.Holder), WellKnown: in.WellKnown, Source: source}, nil
}

// maxMarksPerRequest bounds one import call.
const maxMarksPerRequest = 10000

// PutMarks validates every mark and then stores them all (creating or
// replacing by registration number) with one audit entry per batch; an
// invalid mark rejects the whole call.
func (s *Service) PutMarks(ctx context.Context, actor, source string, in []MarkInput) (int, error) {
	if len(in) == 0 {
		return 0, apperr.Invalid("marks 不能为空")
	}
	if len(in) > maxMarksPerRequest {
		return 0, apperr.Invalid("一次最多导入 %d 个商标", maxMarksPerRequest)
	}
	marks := make([]*Trademark, 0, len(in))
	for _, m := range in {
		t, err := buildMark(m, source)
		if err != nil {
			return 0, err
		}
		marks = append(marks, t)
	}
	now := s.now().UTC()
	for start := 0; start < len(marks); start += 2000 {
		batch := marks[start:min(start+2000, len(marks))]
		var entries []store.OutboxEntry
		err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
			entries = entries[:0]
			for _, t := range batch {
				t.UpdatedAt = now
				if err := tx.Put(store.TrademarkKey(t.RegNo), t); err != nil {
					return err
				}
				entry, err := tx.EnqueueEntry(outboxTopic, markDocPrefix+t.RegNo)
				if err != nil {
					return err
				}
				entries = append(entries, entry)
			}
			return tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: "trademark.import", Object: "trademark/*", Count: len(batch)})
		})
		if err != nil {
			return start, apperr.Internal(err)
		}
		if err := s.applyEntries(entries, nil); err != nil {
			return start, apperr.Internal(err)
		}
	}
	return len(marks), nil
}

// SeedWellKnown stores the embedded list of well-known marks when the store
// does not hold this version of it yet.
func (s *Service) SeedWellKnown(ctx context.Context) (int, error) {
	version := dict.WellKnownVersion()
	var seen string
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(store.MetaKey("well_known_marks"), &seen) })
	if err == nil && seen == version {
		return 0, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	var in []MarkInput
	for _, m := range dict.WellKnownMarks() {
		in = append(in, MarkInput{RegNo: "驰名-" + m.Mark, Mark: m.Mark, Classes: m.Classes, Holder: m.Holder, WellKnown: true})
	}
	n := 0
	if len(in) > 0 {
		if n, err = s.PutMarks(ctx, "system", "embedded well-known list", in); err != nil {
			return n, err
		}
	}
	return n, s.db.Update(func(tx *store.Tx) error { return tx.Put(store.MetaKey("well_known_marks"), version) })
}

// markDoc is the index document of a mark: marks with characters that
// cannot stand in a 字号 (letters, digits) are not indexed.
func markDoc(t *Trademark) (index.NameDoc, bool) {
	for _, r := range t.Text {
		if !dict.IsHan(r) {
			return index.NameDoc{}, false
		}
	}
	return index.NameDoc{ID: markDocPrefix + t.RegNo, Scope: markScope, TradeName: t.Text}, true
}

// MarkCandidates implements name.Registry.
func (s *Service) MarkCandidates(ctx context.Context, tradeName string, limit int) ([]name.Mark, error) {
	ids, err := s.marks.Candidates(ctx, markScope, tradeName, limit)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	out := make([]name.Mark, 0, len(ids))
	err = s.db.View(func(tx *store.Tx) error {
		for _, id := range ids {
			var t Trademark
			if err := tx.Get(store.TrademarkKey(strings.TrimPrefix(id, markDocPrefix)), &t); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				return err
			}
			out = append(out, name.Mark{RegNo: t.RegNo, Text: t.Text, Classes: t.Classes, Holder: t.Holder, WellKnown: t.WellKnown})
		}
		return nil
	})
	return out, err
}

// loadDoc reads the index document of an outbox id (an enterprise or a
// mark); ok is false when the record is gone or not indexable.
func loadDoc(tx *store.Tx, id string) (doc index.NameDoc, ok bool, err error) {
	if regNo, isMark := strings.CutPrefix(id, markDocPrefix); isMark {
		var t Trademark
		if err := tx.Get(store.TrademarkKey(regNo), &t); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return doc, false, nil
			}
			return doc, false, err
		}
		doc, ok = markDoc(&t)
		return doc, ok, nil
	}
	var e Enterprise
	if err := tx.Get(store.EnterpriseKey(id), &e); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return doc, false, nil
		}
		return doc, false, err
	}
	return docOf(&e), true, nil
}

// scanMarkDocs calls fn with the index document of every stored mark.
func scanMarkDocs(tx *store.Tx, fn func(index.NameDoc) error) error {
	return tx.Scan(store.PrefixTrademark, "", false, func(_ string, v []byte) (bool, error) {
		var t Trademark
		if err := json.Unmarshal(v, &t); err != nil {
			return false, fmt.Errorf("decode trademark: %w", err)
		}
		if d, ok := markDoc(&t); ok {
			return true, fn(d)
		}
		return true, nil
	})
}

// SetProtected designates (or stops designating) an enterprise's 字号 as
// protected across industries within its city.
func (s *Service) SetProtected(ctx context.Context, actor, id string, protected bool, reason string) (*Enterprise, error) {
	if protected && strings.TrimSpace(reason) == "" {
		return nil, apperr.Invalid("设定字号保护须说明理由 reason")
	}
	var after Enterprise
	var entry store.OutboxEntry
	err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		if err := tx.Get(store.EnterpriseKey(id), &after); err != nil {
			return err
		}
		after.Protected = protected
		after.ProtectedReason = strings.TrimSpace(reason)
		w, err := s.write(tx, writeOp{actor: actor, action: "enterprise.protection", now: s.now().UTC(), mode: asGiven}, &after)
		entry = w.entry
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到统一社会信用代码为 %s 的企业", id)
	}
	if err != nil {
		return nil, storeErr(err)
	}
	if err := s.applyEntries([]store.OutboxEntry{entry}, map[string]index.NameDoc{after.ID: docOf(&after)}); err != nil {
		return &after, apperr.Internal(err)
	}
	return &after, nil
}
