package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/store"
)

// Dispute deadlines (Reg 734 Art 21; Order 82 and local implementing rules).
const (
	AcceptWorkingDays = 5 // acceptance decision (or one-time request for material) after receipt
	ServeWorkingDays  = 5 // copy to the respondent after acceptance
	AnswerWorkingDays = 10
	RulingMonths      = 3 // ruling after acceptance, unless extended
	// MaxExtensionMonths bounds the one extension of the ruling deadline.
	MaxExtensionMonths = 3
	// DueSoonWorkingDays: a deadline this close is "due soon" in the queues.
	DueSoonWorkingDays = 2
)

// Ruling outcomes.
const (
	OutcomeDismissed  = "dismissed"   // 驳回
	OutcomeMustChange = "must_change" // 责令停止使用名称
	OutcomeMediated   = "mediated"    // 调解结案
	OutcomeRejected   = "rejected"    // 不予受理
)

// Party is one side of a dispute: an enterprise.
type Party struct {
	Name           string `json:"name"`
	USCC           string `json:"uscc"`
	Contact        string `json:"contact,omitempty"`
	NameRecordID   string `json:"name_record_id,omitempty"`
	RegisteredHere bool   `json:"registered_here"`
}

// Upload is an evidence file as a party sends it.
type Upload struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"` // base64 in JSON
}

// EvidenceMeta describes a stored evidence file.
type EvidenceMeta struct {
	No          int           `json:"no"`
	Filename    string        `json:"filename"`
	ContentType string        `json:"content_type"`
	Size        int           `json:"size"`
	SHA256      string        `json:"sha256"`
	Party       string        `json:"party"` // applicant | respondent | staff
	Step        DisputeAction `json:"step"`
	UploadedAt  time.Time     `json:"uploaded_at"`
}

// EvidenceFile is a stored evidence file with its bytes.
type EvidenceFile struct {
	EvidenceMeta
	Data []byte `json:"data"`
}

// Event is one step of a case's timeline.
type Event struct {
	At    time.Time `json:"at"`
	Date  string    `json:"date"`
	Actor string    `json:"actor"`
	// Holder and Dept name the person behind a staff key that names them
	// (none for parties, the system and keys made before holders).
	Holder string        `json:"holder,omitempty"`
	Dept   string        `json:"dept,omitempty"`
	Action DisputeAction `json:"action"`
	From   DisputeState  `json:"from"`
	To     DisputeState  `json:"to"`
	Note   string        `json:"note,omitempty"`
	Late   bool          `json:"late,omitempty"` // done after its deadline
}

// MaterialRequest is the one-time notice of missing material.
type MaterialRequest struct {
	Missing        string `json:"missing"`
	RequestedOn    string `json:"requested_on"`
	RequestedBy    string `json:"requested_by"`
	Statement      string `json:"statement,omitempty"`
	SupplementedOn string `json:"supplemented_on,omitempty"`
}

// Extension is the recorded extension of the ruling deadline.
type Extension struct {
	Reason      string `json:"reason"`
	PreviousDue string `json:"previous_due"`
	Until       string `json:"until"`
	By          string `json:"by"`
	On          string `json:"on"`
}

// Mediation is one mediation attempt.
type Mediation struct {
	Result string `json:"result"` // success | failure
	Text   string `json:"text"`   // the agreement, or why it failed
	By     string `json:"by"`
	On     string `json:"on"`
}

// Interest is a staff member's declaration of an interest in the case
// (回避): that key, and any other key of the same holder, can no longer
// act on it, nor sign its ruling.
type Interest struct {
	Actor  string `json:"actor"`
	Holder string `json:"holder,omitempty"`
	Reason string `json:"reason"`
	On     string `json:"on"`
}

// Ruling is the administrative ruling (行政裁决), signed by two different
// staff members (see Sign). DraftedBy and Signers are the actors of the
// keys that drafted and signed it; Signatures name the people behind them,
// drafter first (rulings drafted before keys named holders have none).
type Ruling struct {
	Outcome     string        `json:"outcome"`
	Reasons     string        `json:"reasons"`
	DraftedBy   string        `json:"drafted_by"`
	DraftedOn   string        `json:"drafted_on"`
	Signers     []string      `json:"signers,omitempty"`
	Signatures  []auth.Signer `json:"signatures,omitempty"`
	EffectiveOn string        `json:"effective_on,omitempty"`
	Late        bool          `json:"late,omitempty"`
	ChangeDue   string        `json:"change_due,omitempty"`
	Note        string        `json:"note,omitempty"`
}

// drafter is the person who drafted the ruling: as signed, or, for a draft
// made before keys named holders, known only by its key.
func (r *Ruling) drafter() auth.Signer {
	if len(r.Signatures) > 0 {
		return r.Signatures[0]
	}
	return actorSigner(r.DraftedBy)
}

// actorSigner is the signer an actor string names, without holder.
func actorSigner(actor string) auth.Signer {
	role, id, _ := strings.Cut(actor, ":")
	return auth.Signer{KeyID: id, Role: role}
}

// signerOf is the person behind actor in this request: the signer ctx
// carries when it is actor's, else one known only by the actor's key.
func signerOf(ctx context.Context, actor string) auth.Signer {
	if s, ok := auth.SignerFrom(ctx); ok && s.Actor() == actor {
		return s
	}
	return actorSigner(actor)
}

// Dispute is a name dispute case: the whole file and its timeline.
type Dispute struct {
	ID              string            `json:"id"`
	State           DisputeState      `json:"state"`
	StateLabel      string            `json:"state_label"`
	Applicant       Party             `json:"applicant"`
	Respondent      Party             `json:"respondent"`
	Claims          string            `json:"claims"`
	Facts           string            `json:"facts"`
	Evidence        []EvidenceMeta    `json:"evidence"`
	Report          *SimilarityReport `json:"similarity_report"`
	ReceivedOn      string            `json:"received_on"`
	AcceptDue       string            `json:"accept_due,omitempty"`
	MaterialRequest *MaterialRequest  `json:"material_request,omitempty"`
	AcceptedOn      string            `json:"accepted_on,omitempty"`
	ServeDue        string            `json:"serve_due,omitempty"`
	RulingDue       string            `json:"ruling_due,omitempty"`
	Extension       *Extension        `json:"extension,omitempty"`
	ServedOn        string            `json:"served_on,omitempty"`
	AnswerDue       string            `json:"answer_due,omitempty"`
	Answer          *Answer           `json:"answer,omitempty"`
	Mediations      []Mediation       `json:"mediations,omitempty"`
	Interests       []Interest        `json:"interests,omitempty"`
	Draft           *Ruling           `json:"draft,omitempty"`
	Ruling          *Ruling           `json:"ruling,omitempty"`
	Outcome         string            `json:"outcome,omitempty"`
	Resolution      string            `json:"resolution,omitempty"`
	ClosedOn        string            `json:"closed_on,omitempty"`
	Timeline        []Event           `json:"timeline"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
}

func (d *Dispute) clone() *Dispute {
	b, _ := json.Marshal(d)
	var c Dispute
	_ = json.Unmarshal(b, &c)
	return &c
}

func loadDispute(tx *store.Tx, id string) (*Dispute, error) {
	var d Dispute
	err := tx.Get(disputeKey(id), &d)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("未找到编号为 %s 的争议案件", id)
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func putDispute(tx *store.Tx, actor string, action DisputeAction, before, after *Dispute, note string) error {
	if err := tx.Put(disputeKey(after.ID), after); err != nil {
		return err
	}
	entry := store.AuditEntry{At: after.UpdatedAt, Actor: actor, Action: "dispute." + string(action), Object: auditObjectCase + after.ID, After: after, Note: note}
	if before != nil {
		entry.Before = before
	}
	return tx.Audit(entry)
}

func (d *Dispute) event(by auth.Signer, action DisputeAction, from, to DisputeState, at time.Time, note string, late bool) {
	d.Timeline = append(d.Timeline, Event{
		At: at.UTC(), Date: fmtDate(civil(at)), Actor: by.Actor(), Holder: by.Holder, Dept: by.Dept,
		Action: action, From: from, To: to, Note: note, Late: late,
	})
	d.State, d.StateLabel, d.UpdatedAt = to, to.Label(), at.UTC()
}
