package credit

import (
	"fmt"
	"strings"

	"namescope/store"
)

// RegistryState is what the credit file reads of an enterprise record
// when the registry writes it.
type RegistryState struct {
	USCC          string
	Name          string
	Status        string // active, reserved, cancelled, revoked
	StatusDate    string
	Established   string
	LegalRep      string
	IndustryCode  string
	AuthorityCode string
	EntType       string
}

// RecordRegistryTx appends, in the registry's write transaction, the
// events a write of an enterprise record means: registration (a new
// active record, or a reserved one registered), a change of name,
// industry, type, authority or legal representative (the name of the
// representative is personal data and never in the summary),
// cancellation and revocation. before is nil for a new record. A write
// that changes none of these (a re-parse, masking, protection) records
// nothing.
func (s *Service) RecordRegistryTx(tx *store.Tx, actor string, before *RegistryState, after RegistryState) error {
	if after.USCC == "" {
		return nil
	}
	by := ActorOf(actor)
	date := after.StatusDate
	if date == "" {
		date = fmtDate(s.today())
	}
	ev := Event{USCC: after.USCC, Actor: by, Date: date}
	wasActive := before != nil && before.Status == "active"
	switch {
	case after.Status == "active" && !wasActive:
		if after.Established != "" {
			ev.Date = after.Established
		}
		ev.Kind, ev.Summary, ev.Basis = KindRegistration, "设立登记："+after.Name, "《中华人民共和国市场主体登记管理条例》"
	case after.Status == "cancelled" && (before == nil || before.Status != "cancelled"):
		ev.Kind, ev.Summary, ev.Basis = KindCancellation, "注销登记", "《中华人民共和国市场主体登记管理条例》第三十一条"
	case after.Status == "revoked" && (before == nil || before.Status != "revoked"):
		ev.Kind, ev.Summary, ev.Basis = KindRevocation, "吊销营业执照或撤销登记", "《中华人民共和国市场主体登记管理条例》第四十条、第四十四条"
	case wasActive && after.Status == "active":
		var changed []string
		if before.Name != after.Name {
			changed = append(changed, fmt.Sprintf("名称（“%s”变更为“%s”）", before.Name, after.Name))
		}
		if before.IndustryCode != after.IndustryCode {
			changed = append(changed, "行业")
		}
		if before.EntType != after.EntType {
			changed = append(changed, "企业类型")
		}
		if before.AuthorityCode != after.AuthorityCode {
			changed = append(changed, "登记机关")
		}
		if before.LegalRep != after.LegalRep && before.LegalRep != "" {
			changed = append(changed, "法定代表人")
		}
		if len(changed) == 0 {
			return nil
		}
		ev.Date = fmtDate(s.today())
		ev.Kind, ev.Summary, ev.Basis = KindChange, "变更登记："+strings.Join(changed, "、"), "《中华人民共和国市场主体登记管理条例》第二十四条"
	default:
		return nil
	}
	_, err := s.RecordTx(tx, ev)
	return err
}

// ActorOf reads an audit actor ("role:keyID") back into an Actor.
func ActorOf(actor string) Actor {
	role, id, _ := strings.Cut(actor, ":")
	return Actor{Role: role, KeyID: id}
}
