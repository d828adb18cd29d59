package lifecycle

import (
	"sort"
	"strings"

	"namescope/apperr"
)

// NameState is where a name is in its lifecycle.
type NameState string

// Name states. NameNone is the state before the name exists here.
const (
	NameNone       NameState = ""
	NameReserved   NameState = "reserved"          // 保留期内
	NameReleased   NameState = "released"          // 保留期满未登记，已释放
	NameWithdrawn  NameState = "withdrawn"         // 申请人撤回保留
	NameRegistered NameState = "registered"        // 已登记使用
	NameOrdered    NameState = "ordered_to_change" // 被责令停止使用，30 日内变更
	NameAbnormal   NameState = "abnormal"          // 逾期未变更，列入经营异常名录
	NameChanged    NameState = "changed"           // 已变更为新名称（旧名称一年内仍受保护）
	NameCancelled  NameState = "cancelled"         // 企业已注销（一年内仍受保护）
	NameRevoked    NameState = "revoked"           // 登记已撤销（一年内仍受保护）
)

// NameAction is a request to move a name.
type NameAction string

// Name actions.
const (
	ActReserve      NameAction = "reserve"
	ActExpire       NameAction = "expire"
	ActWithdraw     NameAction = "withdraw"
	ActRegister     NameAction = "register"
	ActAdopt        NameAction = "adopt"
	ActOrderChange  NameAction = "order_change"
	ActFlagAbnormal NameAction = "flag_abnormal"
	ActChangeName   NameAction = "change_name"
	ActCancel       NameAction = "cancel"
	ActRevoke       NameAction = "revoke"
)

// nameTransitions is THE table of the name state machine: from a state, an
// action leads to a state; anything not listed is refused.
var nameTransitions = map[NameState]map[NameAction]NameState{
	NameNone: {
		ActReserve:  NameReserved,   // 自主申报并保留
		ActRegister: NameRegistered, // 变更登记时直接申报的新名称
		ActAdopt:    NameRegistered, // 登记系统已有、首次进入名称生命周期的企业
	},
	NameReserved: {
		ActExpire:   NameReleased,
		ActWithdraw: NameWithdrawn,
		ActRegister: NameRegistered,
	},
	NameRegistered: {
		ActOrderChange: NameOrdered,
		ActChangeName:  NameChanged,
		ActCancel:      NameCancelled,
		ActRevoke:      NameRevoked,
	},
	NameOrdered: {
		ActFlagAbnormal: NameAbnormal,
		ActChangeName:   NameChanged,
		ActCancel:       NameCancelled,
		ActRevoke:       NameRevoked,
	},
	NameAbnormal: {
		ActChangeName: NameChanged,
		ActCancel:     NameCancelled,
		ActRevoke:     NameRevoked,
	},
	NameReleased:  {},
	NameWithdrawn: {},
	NameChanged:   {},
	NameCancelled: {},
	NameRevoked:   {},
}

var nameStateLabels = map[NameState]string{
	NameNone:       "尚不存在",
	NameReserved:   "保留期内",
	NameReleased:   "保留期满已释放",
	NameWithdrawn:  "已撤回保留",
	NameRegistered: "已登记",
	NameOrdered:    "被责令停止使用、待变更",
	NameAbnormal:   "逾期未变更、已列入经营异常名录",
	NameChanged:    "已变更",
	NameCancelled:  "已注销",
	NameRevoked:    "已撤销登记",
}

var nameActionLabels = map[NameAction]string{
	ActReserve:      "保留名称",
	ActExpire:       "保留期满释放",
	ActWithdraw:     "撤回保留",
	ActRegister:     "登记",
	ActAdopt:        "纳入名称管理",
	ActOrderChange:  "责令停止使用名称",
	ActFlagAbnormal: "列入经营异常名录",
	ActChangeName:   "名称变更",
	ActCancel:       "注销",
	ActRevoke:       "撤销登记",
}

// nameMachine is the name state machine.
var nameMachine = newMachine("名称", "该状态下不能再进行任何操作", nameTransitions, nameStateLabels, nameActionLabels)

// NameStates lists every name state (tests walk the whole table).
func NameStates() []NameState { return nameMachine.states() }

// NameActions lists every name action.
func NameActions() []NameAction { return nameMachine.actions() }

// Label is the Chinese name of the state.
func (s NameState) Label() string { return nameStateLabels[s] }

// Terminal reports whether nothing can follow the state.
func (s NameState) Terminal() bool { return nameMachine.terminal(s, NameNone) }

// Label is the Chinese name of the action.
func (a NameAction) Label() string { return nameActionLabels[a] }

// NextNameState returns the state action leads to from state, or a conflict
// that names both and what the state allows.
func NextNameState(from NameState, action NameAction) (NameState, error) {
	return nameMachine.next(from, action)
}

// DisputeState is where a dispute case is.
type DisputeState string

// Dispute states.
const (
	DspNone              DisputeState = ""
	DspReceived          DisputeState = "received"           // 已收到申请，待受理审查
	DspMaterialRequested DisputeState = "material_requested" // 已一次性告知补正
	DspRejected          DisputeState = "rejected"           // 不予受理
	DspAccepted          DisputeState = "accepted"           // 已受理，待送达
	DspServed            DisputeState = "served"             // 已向被申请人送达副本，答辩期
	DspAnswered          DisputeState = "answered"           // 被申请人已答辩
	DspMediationFailed   DisputeState = "mediation_failed"   // 调解不成
	DspRulingDrafted     DisputeState = "ruling_drafted"     // 裁决已拟定，待第二人签署
	DspMediated          DisputeState = "mediated"           // 调解结案
	DspDismissed         DisputeState = "dismissed"          // 裁决驳回
	DspOrdered           DisputeState = "ordered_to_change"  // 裁决责令被申请人停止使用名称
)

// DisputeAction is a step of the dispute workflow.
type DisputeAction string

// Dispute actions.
const (
	DActFile            DisputeAction = "file"
	DActRequestMaterial DisputeAction = "request_material"
	DActSupplement      DisputeAction = "supplement"
	DActAccept          DisputeAction = "accept"
	DActReject          DisputeAction = "reject"
	DActServe           DisputeAction = "serve"
	DActAnswer          DisputeAction = "answer"
	DActMediateSuccess  DisputeAction = "mediate_success"
	DActMediateFailure  DisputeAction = "mediate_failure"
	DActDraftRuling     DisputeAction = "draft_ruling"
	DActSignDismissal   DisputeAction = "sign_dismissal"
	DActSignOrder       DisputeAction = "sign_order"
	DActExtend          DisputeAction = "extend"
	DActDeclareInterest DisputeAction = "declare_interest"
)

// open states accept interest declarations; states after acceptance accept
// an extension of the ruling deadline.
var (
	disputeOpen   = []DisputeState{DspReceived, DspMaterialRequested, DspAccepted, DspServed, DspAnswered, DspMediationFailed, DspRulingDrafted}
	afterAccepted = []DisputeState{DspAccepted, DspServed, DspAnswered, DspMediationFailed, DspRulingDrafted}
)

// disputeTransitions is THE table of the dispute state machine.
var disputeTransitions = func() map[DisputeState]map[DisputeAction]DisputeState {
	t := map[DisputeState]map[DisputeAction]DisputeState{
		DspNone:              {DActFile: DspReceived},
		DspReceived:          {DActAccept: DspAccepted, DActReject: DspRejected, DActRequestMaterial: DspMaterialRequested},
		DspMaterialRequested: {DActSupplement: DspReceived, DActReject: DspRejected},
		DspAccepted:          {DActServe: DspServed},
		DspServed: {
			DActAnswer:         DspAnswered,
			DActMediateSuccess: DspMediated, DActMediateFailure: DspMediationFailed, // once the answer period is over
			DActDraftRuling: DspRulingDrafted, // once the answer period is over
		},
		DspAnswered:        {DActMediateSuccess: DspMediated, DActMediateFailure: DspMediationFailed, DActDraftRuling: DspRulingDrafted},
		DspMediationFailed: {DActMediateSuccess: DspMediated, DActDraftRuling: DspRulingDrafted},
		DspRulingDrafted:   {DActDraftRuling: DspRulingDrafted, DActSignDismissal: DspDismissed, DActSignOrder: DspOrdered},
		DspRejected:        {},
		DspMediated:        {},
		DspDismissed:       {},
		DspOrdered:         {},
	}
	for _, s := range disputeOpen {
		t[s][DActDeclareInterest] = s
	}
	for _, s := range afterAccepted {
		t[s][DActExtend] = s
	}
	return t
}()

var disputeStateLabels = map[DisputeState]string{
	DspNone:              "尚未申请",
	DspReceived:          "已收到申请、待受理审查",
	DspMaterialRequested: "已告知补正材料",
	DspRejected:          "不予受理",
	DspAccepted:          "已受理、待送达",
	DspServed:            "已送达、答辩期",
	DspAnswered:          "已答辩",
	DspMediationFailed:   "调解不成",
	DspRulingDrafted:     "裁决待签署",
	DspMediated:          "调解结案",
	DspDismissed:         "裁决驳回申请",
	DspOrdered:           "裁决责令停止使用名称",
}

var disputeActionLabels = map[DisputeAction]string{
	DActFile:            "提出争议申请",
	DActRequestMaterial: "一次性告知补正",
	DActSupplement:      "补正材料",
	DActAccept:          "受理",
	DActReject:          "不予受理",
	DActServe:           "送达答辩副本",
	DActAnswer:          "答辩",
	DActMediateSuccess:  "调解成功",
	DActMediateFailure:  "调解不成",
	DActDraftRuling:     "拟定裁决",
	DActSignDismissal:   "签署驳回裁决",
	DActSignOrder:       "签署责令停止使用名称的裁决",
	DActExtend:          "延长裁决期限",
	DActDeclareInterest: "声明利害关系（回避）",
}

// disputeMachine is the dispute state machine.
var disputeMachine = newMachine("争议案件", "案件已办结，不能再进行任何操作", disputeTransitions, disputeStateLabels, disputeActionLabels)

// DisputeStates lists every dispute state.
func DisputeStates() []DisputeState { return disputeMachine.states() }

// DisputeActions lists every dispute action.
func DisputeActions() []DisputeAction { return disputeMachine.actions() }

// Label is the Chinese name of the state.
func (s DisputeState) Label() string { return disputeStateLabels[s] }

// Terminal reports whether the case is closed.
func (s DisputeState) Terminal() bool { return disputeMachine.terminal(s, DspNone) }

// Label is the Chinese name of the action.
func (a DisputeAction) Label() string { return disputeActionLabels[a] }

// NextDisputeState returns the state action leads to, or a conflict naming
// the current state and the action.
func NextDisputeState(from DisputeState, action DisputeAction) (DisputeState, error) {
	return disputeMachine.next(from, action)
}

// machine is a state machine given as one table: from a state, an action
// leads to a state; anything not listed is refused with a conflict that
// names the state, the action and what the state allows.
type machine[S ~string, A ~string] struct {
	what         string // 名称, 争议案件: the subject of refusals
	closed       string // the hint for a state that allows nothing
	transitions  map[S]map[A]S
	stateLabels  map[S]string
	actionLabels map[A]string
}

func newMachine[S ~string, A ~string](what, closed string, t map[S]map[A]S, states map[S]string, actions map[A]string) *machine[S, A] {
	return &machine[S, A]{what: what, closed: closed, transitions: t, stateLabels: states, actionLabels: actions}
}

func (m *machine[S, A]) states() []S {
	out := make([]S, 0, len(m.transitions))
	for s := range m.transitions {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (m *machine[S, A]) actions() []A {
	out := make([]A, 0, len(m.actionLabels))
	for a := range m.actionLabels {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (m *machine[S, A]) terminal(s, none S) bool { return s != none && len(m.transitions[s]) == 0 }

func (m *machine[S, A]) next(from S, action A) (S, error) {
	if to, ok := m.transitions[from][action]; ok {
		return to, nil
	}
	var allowed []string
	for a := range m.transitions[from] {
		allowed = append(allowed, "“"+m.actionLabels[a]+"”（"+string(a)+"）")
	}
	sort.Strings(allowed)
	hint := m.closed
	if len(allowed) > 0 {
		hint = "该状态下只能" + strings.Join(allowed, "、")
	}
	var zero S
	return zero, &apperr.Error{Code: apperr.CodeConflict, Message: m.what + "当前状态为“" + m.stateLabels[from] + "”（" + string(from) +
		"），不能执行“" + m.actionLabels[action] + "”（" + string(action) + "）；" + hint}
}
