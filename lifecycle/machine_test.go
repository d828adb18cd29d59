package lifecycle

import (
	"fmt"
	"strings"
	"testing"

	"namescope/apperr"
)

// The allowed transitions, written out independently of the table.
var wantName = map[string]NameState{
	" reserve":                        NameReserved,
	" register":                       NameRegistered,
	" adopt":                          NameRegistered,
	"reserved expire":                 NameReleased,
	"reserved withdraw":               NameWithdrawn,
	"reserved register":               NameRegistered,
	"registered order_change":         NameOrdered,
	"registered change_name":          NameChanged,
	"registered cancel":               NameCancelled,
	"registered revoke":               NameRevoked,
	"ordered_to_change flag_abnormal": NameAbnormal,
	"ordered_to_change change_name":   NameChanged,
	"ordered_to_change cancel":        NameCancelled,
	"ordered_to_change revoke":        NameRevoked,
	"abnormal change_name":            NameChanged,
	"abnormal cancel":                 NameCancelled,
	"abnormal revoke":                 NameRevoked,
}

func TestNameStateMachine(t *testing.T) {
	n := 0
	for _, from := range NameStates() {
		for _, action := range NameActions() {
			key := fmt.Sprintf("%s %s", from, action)
			to, err := NextNameState(from, action)
			want, allowed := wantName[key]
			t.Run(strings.TrimSpace(key), func(t *testing.T) {
				if allowed {
					if err != nil || to != want {
						t.Fatalf("got %q, %v; want %q", to, err, want)
					}
					return
				}
				if err == nil {
					t.Fatalf("allowed (→ %s) but should be refused", to)
				}
				if apperr.CodeOf(err) != apperr.CodeConflict {
					t.Fatalf("code %s, want conflict", apperr.CodeOf(err))
				}
				msg := apperr.MessageOf(err)
				if !strings.Contains(msg, "（"+string(action)+"）") || !strings.Contains(msg, from.Label()) {
					t.Fatalf("message %q does not name the state and the action", msg)
				}
			})
			if allowed {
				n++
			}
		}
	}
	if n != len(wantName) {
		t.Fatalf("%d allowed transitions in the table, %d expected", n, len(wantName))
	}
	for _, s := range []NameState{NameReleased, NameWithdrawn, NameChanged, NameCancelled, NameRevoked} {
		if !s.Terminal() {
			t.Errorf("%s should be terminal", s)
		}
	}
}

var wantDispute = func() map[string]DisputeState {
	m := map[string]DisputeState{
		" file":                            DspReceived,
		"received accept":                  DspAccepted,
		"received reject":                  DspRejected,
		"received request_material":        DspMaterialRequested,
		"material_requested supplement":    DspReceived,
		"material_requested reject":        DspRejected,
		"accepted serve":                   DspServed,
		"served answer":                    DspAnswered,
		"served mediate_success":           DspMediated,
		"served mediate_failure":           DspMediationFailed,
		"served draft_ruling":              DspRulingDrafted,
		"answered mediate_success":         DspMediated,
		"answered mediate_failure":         DspMediationFailed,
		"answered draft_ruling":            DspRulingDrafted,
		"mediation_failed mediate_success": DspMediated,
		"mediation_failed draft_ruling":    DspRulingDrafted,
		"ruling_drafted draft_ruling":      DspRulingDrafted,
		"ruling_drafted sign_dismissal":    DspDismissed,
		"ruling_drafted sign_order":        DspOrdered,
	}
	for _, s := range []DisputeState{DspReceived, DspMaterialRequested, DspAccepted, DspServed, DspAnswered, DspMediationFailed, DspRulingDrafted} {
		m[string(s)+" declare_interest"] = s
	}
	for _, s := range []DisputeState{DspAccepted, DspServed, DspAnswered, DspMediationFailed, DspRulingDrafted} {
		m[string(s)+" extend"] = s
	}
	return m
}()

func TestDisputeStateMachine(t *testing.T) {
	n := 0
	for _, from := range DisputeStates() {
		for _, action := range DisputeActions() {
			key := fmt.Sprintf("%s %s", from, action)
			to, err := NextDisputeState(from, action)
			want, allowed := wantDispute[key]
			t.Run(strings.TrimSpace(key), func(t *testing.T) {
				if allowed {
					if err != nil || to != want {
						t.Fatalf("got %q, %v; want %q", to, err, want)
					}
					return
				}
				if err == nil {
					t.Fatalf("allowed (→ %s) but should be refused", to)
				}
				msg := apperr.MessageOf(err)
				if apperr.CodeOf(err) != apperr.CodeConflict || !strings.Contains(msg, "（"+string(action)+"）") || !strings.Contains(msg, from.Label()) {
					t.Fatalf("refusal %v does not name the state and the action", err)
				}
			})
			if allowed {
				n++
			}
		}
	}
	if n != len(wantDispute) {
		t.Fatalf("%d allowed transitions in the table, %d expected", n, len(wantDispute))
	}
}
