package credit

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

// DocKind is the kind of a numbered credit document (文书).
type DocKind string

// Document kinds: every listing, removal and notice of the lists is a
// numbered document.
const (
	DocAbnormalListing  DocKind = "abnormal_listing"   // 列入经营异常名录决定书
	DocAbnormalRemoval  DocKind = "abnormal_removal"   // 移出经营异常名录决定书
	DocSeriousNotice    DocKind = "serious_notice"     // 列入严重违法失信名单告知书
	DocSeriousListing   DocKind = "serious_listing"    // 列入严重违法失信名单决定书
	DocSeriousNotListed DocKind = "serious_not_listed" // 不予列入严重违法失信名单决定书
	DocRepairDecision   DocKind = "repair_decision"    // 信用修复决定书
	DocRedListing       DocKind = "red_listing"        // 列入守信激励名单决定书
)

// docKindInfo is a kind's title, the code in its number and whether its
// documents are published (a notice or a refusal goes to the party only).
type docKindInfo struct {
	title  string
	code   string
	public bool
}

var docKinds = map[DocKind]docKindInfo{
	DocAbnormalListing:  {"列入经营异常名录决定书", "信列", true},
	DocAbnormalRemoval:  {"移出经营异常名录决定书", "信移", true},
	DocSeriousNotice:    {"列入严重违法失信名单告知书", "信告", false},
	DocSeriousListing:   {"列入严重违法失信名单决定书", "严列", true},
	DocSeriousNotListed: {"不予列入严重违法失信名单决定书", "严不列", false},
	DocRepairDecision:   {"信用修复决定书", "信修", false},
	DocRedListing:       {"列入守信激励名单决定书", "信红", true},
}

// Title is the kind's Chinese title.
func (k DocKind) Title() string { return docKinds[k].title }

func documentKey(id string) string { return store.PrefixCreditDocument + id }

// docCounterKey is the yearly counter of a kind's numbers under a prefix.
func docCounterKey(prefix string, k DocKind, year int) string {
	return fmt.Sprintf("%s%s/%s/%04d", store.PrefixCreditDocCounter, prefix, k, year)
}

const seqDocument = "credit-document"

// Document is a numbered credit document as issued: the number, the
// party, what was decided, its legal basis and the party's rights.
type Document struct {
	ID     string  `json:"id"`
	Kind   DocKind `json:"kind"`
	Title  string  `json:"title"`
	Number string  `json:"number"` // 平市监信列〔2026〕第0001号
	Issuer string  `json:"issuer"` // the bureau
	Dept   string  `json:"dept,omitempty"`
	USCC   string  `json:"uscc"`
	Party  string  `json:"party"` // the enterprise's name
	Date   string  `json:"date"`  // the day of the decision
	// Body is what was found and decided; Basis its legal basis; Rights
	// the party's rights with their periods.
	Body   string `json:"body"`
	Basis  string `json:"basis"`
	Rights string `json:"rights"`
	// Ref is the record the document decides (AB…, SN…, SL…, RP…, RL…).
	Ref string `json:"ref"`
	// Public: anyone may read it; otherwise the party (with its token)
	// and staff.
	Public    bool      `json:"public"`
	TokenHash string    `json:"token_hash,omitempty"` // never answered
	At        time.Time `json:"issued_at"`
}

// SetIssuer sets the bureau that issues the credit documents and the
// prefix of their numbers (the default authority's Bureau and DocPrefix).
func (s *Service) SetIssuer(bureau, prefix string) { s.issuer, s.docPrefix = bureau, prefix }

// rights states the party's remedies against a decision with the periods
// of config.Credit (复议, 诉讼) [R].
func (s *Service) rights() string {
	issuer := s.issuerName()
	return fmt.Sprintf("如不服本决定，可以自知道该决定之日起 %d 日内向%s的上一级主管部门或者本级人民政府申请行政复议，"+
		"也可以自知道或者应当知道作出该决定之日起 %d 个月内依法向人民法院提起行政诉讼。", s.cfg.ReviewDays, issuer, s.cfg.LitigationMonths)
}

func (s *Service) issuerName() string {
	if s.issuer == "" {
		return "市场监督管理局"
	}
	return s.issuer
}

// issueTx numbers and stores a document in tx, the transaction of the
// decision: the yearly number of its kind is read and written in tx, so
// that numbers follow each other without gaps (a decision that does not
// commit takes no number). tokenHash lets the party read a document that
// is not public.
func (s *Service) issueTx(tx *store.Tx, by Actor, d Document, tokenHash string) (*Document, error) {
	info, ok := docKinds[d.Kind]
	if !ok {
		return nil, fmt.Errorf("credit: unknown document kind %q", d.Kind)
	}
	date, err := time.Parse(dateLayout, d.Date)
	if err != nil {
		return nil, fmt.Errorf("credit: document date %q: %w", d.Date, err)
	}
	prefix := s.docPrefix
	if prefix == "" {
		prefix = "市监"
	}
	ck := docCounterKey(prefix, d.Kind, date.Year())
	var n int
	if err := tx.Get(ck, &n); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	n++
	if err := tx.Put(ck, n); err != nil {
		return nil, err
	}
	seq, err := s.db.Next(seqDocument)
	if err != nil {
		return nil, err
	}
	d.ID = fmt.Sprintf("CD%08d", seq)
	d.Title, d.Public, d.Issuer = info.title, info.public, s.issuerName()
	d.Number = fmt.Sprintf("%s%s〔%d〕第%04d号", prefix, info.code, date.Year(), n)
	if d.Dept == "" {
		d.Dept = by.Dept
	}
	d.TokenHash = tokenHash
	d.At = s.now().UTC()
	if err := tx.Put(documentKey(d.ID), &d); err != nil {
		return nil, err
	}
	return &d, tx.Audit(store.AuditEntry{At: d.At, Actor: by.String(), Action: "credit.document", Object: "document/" + d.ID, After: d.view()})
}

// view is the document as answered: without the token's hash.
func (d *Document) view() *Document {
	c := *d
	c.TokenHash = ""
	return &c
}

// DocumentFor returns a document: a public one to anyone, another to staff
// (staff true) or to the party with the token it was given (the repair
// application's, the notice's).
func (s *Service) DocumentFor(ctx context.Context, id, token string, staff bool) (*Document, error) {
	var d Document
	err := s.db.View(func(tx *store.Tx) error { return tx.Get(documentKey(id), &d) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("文书 %s 不存在", clip(id, 20))
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if d.Public || staff {
		return d.view(), nil
	}
	if token == "" {
		return nil, apperr.Unauthorized("该文书只送达当事人：请提供申请或告知时取得的令牌，或工作人员的 API 密钥")
	}
	if d.TokenHash == "" || subtle.ConstantTimeCompare([]byte(d.TokenHash), []byte(auth.HashToken(token))) != 1 {
		return nil, apperr.Forbidden("该令牌不能查看此文书")
	}
	return d.view(), nil
}
