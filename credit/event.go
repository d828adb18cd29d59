package credit

import (
	"time"
)

// Kind is the kind of a credit event.
type Kind string

// Event kinds. Registry and lifecycle facts, penalties, list entries and
// exits, repairs and annual reports are written by this module's writers;
// guidance, inspection and complaint are the kinds the supervision module
// writes through RecordTx.
const (
	KindRegistration      Kind = "registration"        // 设立登记
	KindChange            Kind = "change"              // 变更登记
	KindCancellation      Kind = "cancellation"        // 注销登记
	KindRevocation        Kind = "revocation"          // 吊销、撤销登记
	KindCommitment        Kind = "commitment"          // 近似名称承诺（名称登记后记入）
	KindNameChangeOrdered Kind = "name_change_ordered" // 责令停止使用名称
	KindPenalty           Kind = "penalty"             // 行政处罚
	KindAbnormalListed    Kind = "abnormal_listed"     // 列入经营异常名录
	KindAbnormalRemoved   Kind = "abnormal_removed"    // 移出经营异常名录
	KindSeriousListed     Kind = "serious_listed"      // 列入严重违法失信名单
	KindSeriousRemoved    Kind = "serious_removed"     // 移出严重违法失信名单
	KindRedListed         Kind = "red_listed"          // 列入守信激励名单
	KindRedRemoved        Kind = "red_removed"         // 移出守信激励名单
	KindRepair            Kind = "repair"              // 信用修复
	KindAnnualReport      Kind = "annual_report"       // 年度报告按期报送
	KindAnnualReportLate  Kind = "annual_report_late"  // 年度报告逾期报送
	KindGuidance          Kind = "guidance"            // 行政指导（提醒、告诫、约谈等）
	KindInspection        Kind = "inspection"          // 检查结果（双随机抽查等）
	KindComplaint         Kind = "complaint"           // 经核实的投诉举报
	KindCorrection        Kind = "correction"          // 更正（公示规定第十二条）
	KindWithdrawal        Kind = "withdrawal"          // 撤回（公示规定第十一条）
)

// kindInfo is what the module knows of a kind: its label and whether
// events of the kind are published by default.
type kindInfo struct {
	label  string
	public bool
}

var kinds = map[Kind]kindInfo{
	KindRegistration:      {"设立登记", true},
	KindChange:            {"变更登记", true},
	KindCancellation:      {"注销登记", true},
	KindRevocation:        {"吊销、撤销登记", true},
	KindCommitment:        {"近似名称使用承诺", false},
	KindNameChangeOrdered: {"责令停止使用企业名称", true},
	KindPenalty:           {"行政处罚", true},
	KindAbnormalListed:    {"列入经营异常名录", true},
	KindAbnormalRemoved:   {"移出经营异常名录", true},
	KindSeriousListed:     {"列入严重违法失信名单", true},
	KindSeriousRemoved:    {"移出严重违法失信名单", true},
	KindRedListed:         {"列入守信激励名单", true},
	KindRedRemoved:        {"移出守信激励名单", true},
	KindRepair:            {"信用修复", true},
	KindAnnualReport:      {"年度报告", true},
	KindAnnualReportLate:  {"年度报告逾期报送", true},
	KindGuidance:          {"行政指导", false},
	KindInspection:        {"检查结果", true},
	KindComplaint:         {"投诉举报核实", false},
	KindCorrection:        {"更正", true},
	KindWithdrawal:        {"撤回", true},
}

// Kinds lists every event kind.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	return out
}

// Label is the kind's Chinese name.
func (k Kind) Label() string { return kinds[k].label }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kinds[k]; return ok }

// Actor is who decided or recorded something: the key that acted, its
// role and, once keys carry them, its holder's name and department.
type Actor struct {
	KeyID  string `json:"key_id,omitempty"`
	Role   string `json:"role"`
	Holder string `json:"holder,omitempty"`
	Dept   string `json:"dept,omitempty"`
}

// String is the actor as the audit log records it ("role:keyID").
func (a Actor) String() string {
	if a.KeyID == "" {
		return a.Role
	}
	return a.Role + ":" + a.KeyID
}

// System is the actor of what the service does by itself.
var System = Actor{Role: "system"}

// Event is one entry of an enterprise's credit file. It is never changed:
// a correction or a withdrawal is a new event that supersedes it.
type Event struct {
	ID   string `json:"id"`
	USCC string `json:"uscc"`
	Kind Kind   `json:"kind"`
	Date string `json:"date"` // the day of the fact (YYYY-MM-DD)
	// Dept is the department that decided or recorded the fact.
	Dept    string `json:"dept"`
	Summary string `json:"summary"`
	Basis   string `json:"basis"`
	// Public: the event is published from PublicFrom; PublicUntil, when
	// set, is the last day of publication.
	Public      bool   `json:"public"`
	PublicFrom  string `json:"public_from,omitempty"`
	PublicUntil string `json:"public_until,omitempty"`
	// Supersedes is the event a correction or withdrawal replaces.
	Supersedes string `json:"supersedes,omitempty"`
	// Ref is the record the event is about (a listing, a name record …).
	Ref     string            `json:"ref,omitempty"`
	Penalty *Penalty          `json:"penalty,omitempty"`
	Details map[string]string `json:"details,omitempty"`
	Actor   Actor             `json:"actor"`
	At      time.Time         `json:"recorded_at"`
}
