package app

import (
	"errors"

	"namescope/config"
	"namescope/credit"
	"namescope/registry"
	"namescope/store"
	"namescope/supervision"
)

// The seams between the registry and the credit module, which do not
// import each other: credit reads enterprise facts through
// credit.Enterprises, and the registry's write path calls
// registry.CreditHook, both implemented here over the other.

// creditEnterprises reads enterprise facts for credit from the registry.
type creditEnterprises struct{ reg *registry.Service }

func (c creditEnterprises) EnterpriseTx(tx *store.Tx, uscc string) (*credit.Enterprise, error) {
	e, err := c.reg.GetTx(tx, uscc)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if e.ID != e.USCC {
		return nil, nil
	}
	p := registry.Public(e)
	return &credit.Enterprise{USCC: e.USCC, Name: p.Name, Status: e.Status, Established: e.Established, SmallMicro: e.SmallMicro}, nil
}

// creditHook records the credit events of the registry's writes.
type creditHook struct{ cr *credit.Service }

func (h creditHook) EnterpriseWrittenTx(tx *store.Tx, actor string, before, after *registry.Enterprise) error {
	var b *credit.RegistryState
	if before != nil {
		s := registryState(before)
		b = &s
	}
	return h.cr.RecordRegistryTx(tx, actor, b, registryState(after))
}

func registryState(e *registry.Enterprise) credit.RegistryState {
	return credit.RegistryState{USCC: e.USCC, Name: e.Name, Status: e.Status, StatusDate: e.StatusDate,
		Established: e.Established, LegalRep: e.LegalRep, IndustryCode: e.IndustryCode,
		AuthorityCode: e.AuthorityCode, EntType: e.EntType}
}

// supervisionEnterprises reads enterprise facts for supervision from the
// registry.
type supervisionEnterprises struct{ reg *registry.Service }

func (c supervisionEnterprises) EnterpriseTx(tx *store.Tx, uscc string) (*supervision.Enterprise, error) {
	e, err := c.reg.GetTx(tx, uscc)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if e.ID != e.USCC {
		return nil, nil
	}
	p := registry.Public(e)
	return &supervision.Enterprise{USCC: e.USCC, Name: p.Name, Status: e.Status, IndustryCode: e.IndustryCode,
		Established: e.Established, SmallMicro: e.SmallMicro}, nil
}

// bureauOf is the bureau of the default authority: the authority named on
// the penalty decisions of supervision cases.
func bureauOf(cfg *config.Config) string {
	var chosen *config.Authority
	for i, a := range cfg.Authorities {
		if a.Default || chosen == nil {
			chosen = &cfg.Authorities[i]
		}
	}
	switch {
	case chosen == nil:
		return "市场监督管理局"
	case chosen.Bureau == "":
		return chosen.Name + "市场监督管理局"
	}
	return chosen.Bureau
}
