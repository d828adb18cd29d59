package lifecycle

import (
	"strings"
	"time"

	"namescope/apperr"
	"namescope/name"
)

// Refusal codes: why a name check stops a reservation or a name change.
const (
	RefusedBlocked    = "name_blocked"        // the check's verdict is block
	RefusedCommitment = "commitment_required" // a similar name needs the commitment (承诺)
	RefusedApproval   = "approval_required"   // a restricted element needs an approval reference
)

// RefusedError is a reservation or direct name change that the name check
// stops. It carries the check, so that the applicant sees the findings (and,
// for a similar name, the exact commitment text to accept). Its apperr code
// is conflict (HTTP 409): the request is well formed, the registry's state
// refuses it.
type RefusedError struct {
	Code           string       `json:"code"`
	Message        string       `json:"message"`
	Check          *name.Result `json:"check"`
	CommitmentText string       `json:"commitment_text,omitempty"`
}

func (e *RefusedError) Error() string { return e.Code + ": " + e.Message }

// Unwrap makes the refusal a conflict for apperr.CodeOf and MessageOf.
func (e *RefusedError) Unwrap() error {
	return &apperr.Error{Code: apperr.CodeConflict, Message: e.Message}
}

// CheckEvidence is the check an applicant saw when declaring a name, with
// what the applicant accepted: it is kept with the name for later disputes.
type CheckEvidence struct {
	CheckedAt   time.Time    `json:"checked_at"`
	Result      *name.Result `json:"result"`
	Commitment  *Commitment  `json:"commitment,omitempty"`
	ApprovalRef string       `json:"approval_ref,omitempty"`
}

// Commitment is the accepted commitment text (Reg 734 Art 16).
type Commitment struct {
	Text       string    `json:"text"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// Declaration is what an applicant adds to a check to go on with a warned
// or restricted name.
type Declaration struct {
	Commitment     bool   `json:"commitment"`
	CommitmentText string `json:"commitment_text"`
	ApprovalRef    string `json:"approval_ref"`
}

// gate decides whether a checked name may be reserved or registered: block
// refuses; a warning needs the exact commitment text; an approval finding
// needs an approval reference.
func gate(res *name.Result, decl Declaration, at time.Time) (*CheckEvidence, error) {
	if res.Verdict == name.Block {
		var msgs []string
		for _, f := range res.Findings {
			if f.Severity == name.Block {
				msgs = append(msgs, f.Message)
			}
		}
		return nil, &RefusedError{Code: RefusedBlocked, Check: res,
			Message: "该名称不能申报：" + strings.Join(msgs, "；")}
	}
	var warn, approval bool
	var approvalMsgs []string
	for _, f := range res.Findings {
		switch f.Severity {
		case name.Warn:
			warn = true
		case name.Approval:
			approval = true
			approvalMsgs = append(approvalMsgs, f.Message)
		}
	}
	ev := &CheckEvidence{CheckedAt: at.UTC(), Result: res}
	ref := strings.TrimSpace(decl.ApprovalRef)
	if approval {
		if ref == "" {
			return nil, &RefusedError{Code: RefusedApproval, Check: res,
				Message: "该名称须经批准或人工审查后方可使用（" + strings.Join(approvalMsgs, "；") + "），请在 approval_ref 中提供批准文件文号或审查编号"}
		}
		if len([]rune(ref)) > 100 {
			return nil, apperr.Invalid("approval_ref 最多 100 个字符")
		}
		ev.ApprovalRef = ref
	}
	if warn {
		text := strings.TrimSpace(decl.CommitmentText)
		if !decl.Commitment || text != name.CommitmentText() {
			msg := "申报名称与在先企业名称相近，须阅读并接受承诺后方可继续：请提交 commitment=true，并在 commitment_text 中原样提交以下承诺文本"
			if decl.Commitment && text != "" {
				msg = "提交的承诺文本与要求的不一致，请原样提交以下承诺文本"
			}
			return nil, &RefusedError{Code: RefusedCommitment, Check: res, Message: msg, CommitmentText: name.CommitmentText()}
		}
		ev.Commitment = &Commitment{Text: text, AcceptedAt: at.UTC()}
	}
	return ev, nil
}

// severityRank orders severities as the name package does.
func severityRank(s name.Severity) int {
	switch s {
	case name.Block:
		return 3
	case name.Approval:
		return 2
	case name.Warn:
		return 1
	}
	return 0
}

// excludeSelf removes an enterprise's own names (by USCC) from a check of a
// name it bears or wants: an enterprise does not conflict with itself. The
// verdict is recomputed from what remains.
func excludeSelf(res *name.Result, uscc string) {
	if res == nil || uscc == "" {
		return
	}
	similar := res.Similar[:0:0]
	for _, s := range res.Similar {
		if s.Owner() != uscc {
			similar = append(similar, s)
		}
	}
	res.Similar = similar
	findings := res.Findings[:0:0]
	for _, f := range res.Findings {
		if len(f.Conflicts) > 0 {
			var kept []name.Conflict
			for _, c := range f.Conflicts {
				if c.Owner() != uscc {
					kept = append(kept, c)
				}
			}
			if len(kept) == 0 {
				continue
			}
			f.Conflicts = kept
		}
		if f.Code == "similar_name" && len(res.Similar) == 0 {
			continue
		}
		findings = append(findings, f)
	}
	res.Findings = findings
	verdict := name.Pass
	for _, f := range res.Findings {
		if severityRank(f.Severity) > severityRank(verdict) {
			verdict = f.Severity
		}
	}
	res.Verdict = verdict
}
