package scope

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"namescope/store"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
)

// Registration is what a department is told about (双告知): the enterprise,
// its unified social credit code and its composed scope.
type Registration struct {
	Enterprise string   `json:"enterprise"`
	USCC       string   `json:"uscc"`
	Codes      []string `json:"codes"` // catalogue codes, main business first
}

// NoticeKind says why a department is told.
type NoticeKind string

// Notice kinds. A department that approves any licence of the registration
// gets an approval notice; one that only keeps filings, a filing notice; one
// that only supervises, a supervision notice.
const (
	NoticeApproval    NoticeKind = "approval"
	NoticeFiling      NoticeKind = "filing"
	NoticeSupervision NoticeKind = "supervision"
)

// Notice is the push to one department. ID is derived from the registration
// and the department, so pushing the same registration twice gives the same
// notices (stores add idempotently by ID).
type Notice struct {
	ID               string         `json:"id"`
	DeptID           string         `json:"dept_id"`
	DeptName         string         `json:"dept_name"`
	Enterprise       string         `json:"enterprise"`
	USCC             string         `json:"uscc"`
	Items            []ComposedItem `json:"items"`    // the entries that concern the department
	Licenses         []License      `json:"licenses"` // their licences that the department approves or supervises
	Kind             NoticeKind     `json:"kind"`
	CatalogueVersion int            `json:"catalogue_version"`
	CreatedAt        time.Time      `json:"created_at,omitzero"` // set when stored
	AckedAt          time.Time      `json:"acked_at,omitzero"`   // zero until the department acknowledges
}

// Acked reports whether the department has acknowledged the notice.
func (n Notice) Acked() bool { return !n.AckedAt.IsZero() }

// NoticePage asks for a department's notices after a cursor.
type NoticePage struct {
	After   string `json:"after,omitempty"` // the Next of the previous page; empty for the first
	Limit   int    `json:"limit,omitempty"` // the store applies a default and a maximum
	Pending bool   `json:"pending"`         // only notices not yet acknowledged
}

// NoticeList is a page of notices, oldest first.
type NoticeList struct {
	Notices []Notice `json:"notices"`
	Next    string   `json:"next,omitempty"` // empty on the last page
}

// Also is work for the transaction that stores a registration's notices
// (the enterprise's scope codes, recorded by supervision), so that both
// commit or neither does.
type Also = func(tx *store.Tx) error

// NoticeStore keeps notices per department. Implementations must make Add
// idempotent by Notice.ID (a retried push does not duplicate), return
// notices in the order they were added, and Ack only a notice of deptID.
type NoticeStore interface {
	// Add stores notices whose ID is new; it sets CreatedAt when zero. The
	// also work runs in the same transaction: when it fails, nothing is
	// stored and its error is returned.
	Add(ctx context.Context, notices []Notice, also ...Also) error
	// ListByDept returns a page of a department's notices, oldest first.
	ListByDept(ctx context.Context, deptID string, page NoticePage) (NoticeList, error)
	// Ack marks a notice acknowledged at the given time and returns it;
	// acknowledging twice keeps the first time. A notice unknown to the
	// department is apperr.NotFound.
	Ack(ctx context.Context, deptID, noticeID string, at time.Time) (Notice, error)
}

// Notices derives the 双告知 notices of a registration: one per department
// that approves or supervises a licence (or keeps a filing) of its entries,
// ordered by department id. General items concern no department.
func Notices(cat *Catalogue, reg Registration) ([]Notice, error) {
	ent := strings.TrimSpace(reg.Enterprise)
	if ent == "" || utf8.RuneCountInString(ent) > 100 {
		return nil, apperr.Invalid("企业名称不能为空，且不超过 100 个字")
	}
	uscc := strings.ToUpper(strings.TrimSpace(reg.USCC))
	if err := CheckUSCC(uscc); err != nil {
		return nil, err
	}
	if len(reg.Codes) == 0 {
		return nil, apperr.Invalid("请提供经营范围条目代码")
	}
	type acc struct {
		n        Notice
		approves bool
		filing   bool
		items    map[string]bool
		lics     map[License]bool
	}
	byDept := map[string]*acc{}
	get := func(id string) *acc {
		a, ok := byDept[id]
		if !ok {
			a = &acc{
				n:     Notice{DeptID: id, DeptName: DepartmentName(id), Enterprise: ent, USCC: uscc, CatalogueVersion: cat.version},
				items: map[string]bool{},
				lics:  map[License]bool{},
			}
			byDept[id] = a
		}
		return a
	}
	seen := map[string]bool{}
	var codes []string
	for _, code := range reg.Codes {
		e := cat.entry(code)
		if e == nil {
			return nil, apperr.Invalid("经营范围目录中没有条目代码“%s”", code)
		}
		if seen[e.Code] {
			continue
		}
		seen[e.Code] = true
		codes = append(codes, e.Code)
		item := ComposedItem{Code: e.Code, Wording: e.Wording, Kind: e.Kind}
		for _, l := range e.Licenses {
			for _, d := range []string{l.ApprovingDept, l.SupervisingDept} {
				if d == "" {
					continue
				}
				a := get(d)
				if !a.items[e.Code] {
					a.items[e.Code] = true
					a.n.Items = append(a.n.Items, item)
				}
				if !a.lics[l] {
					a.lics[l] = true
					a.n.Licenses = append(a.n.Licenses, l)
				}
				if d == l.ApprovingDept {
					if l.Filing {
						a.filing = true
					} else {
						a.approves = true
					}
				}
			}
		}
	}
	sort.Strings(codes)
	out := make([]Notice, 0, len(byDept))
	for id, a := range byDept {
		switch {
		case a.approves:
			a.n.Kind = NoticeApproval
		case a.filing:
			a.n.Kind = NoticeFiling
		default:
			a.n.Kind = NoticeSupervision
		}
		sum := sha256.Sum256([]byte(uscc + "|" + id + "|" + strings.Join(codes, ",")))
		a.n.ID = hex.EncodeToString(sum[:10])
		out = append(out, a.n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DeptID < out[j].DeptID })
	return out, nil
}

// CheckUSCC validates a unified social credit code: 18 characters of the
// code's alphabet with a correct check character.
func CheckUSCC(code string) error {
	if len(code) != 18 {
		return apperr.Invalid("统一社会信用代码应为 18 位，收到“%s”", code)
	}
	for i := 0; i < 18; i++ {
		if dict.USCCCharValue(code[i]) < 0 {
			return apperr.Invalid("统一社会信用代码“%s”第 %d 位“%c”不是有效字符", code, i+1, code[i])
		}
	}
	if code[17] != dict.USCCCheckChar(code[:17]) {
		return apperr.Invalid("统一社会信用代码“%s”校验码错误", code)
	}
	return nil
}
