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
	return supervisionEnterprise(e), nil
}

func (c supervisionEnterprises) EnterprisesTx(tx *store.Tx, after string, limit int, fn func(*supervision.Enterprise) error) (string, bool, error) {
	return c.reg.EachTx(tx, after, limit, func(e *registry.Enterprise) error {
		if se := supervisionEnterprise(e); se != nil {
			return fn(se)
		}
		return nil
	})
}

// supervisionEnterprise is what supervision knows of a record: nil for a
// record not filed under its USCC (a reservation, a former name).
func supervisionEnterprise(e *registry.Enterprise) *supervision.Enterprise {
	if e.USCC == "" || e.ID != e.USCC {
		return nil
	}
	p := registry.Public(e)
	return &supervision.Enterprise{USCC: e.USCC, Name: p.Name, Status: e.Status, IndustryCode: e.IndustryCode,
		Established: e.Established, SmallMicro: e.SmallMicro}
}

// supervisionHook keeps the new-economy register of supervision in the
// registry's write transactions (registry.DerivedHook).
type supervisionHook struct{ sup *supervision.Service }

func (h supervisionHook) EnterpriseWrittenTx(tx *store.Tx, before, after *registry.Enterprise) error {
	e := supervisionEnterprise(after)
	if e == nil {
		return nil
	}
	// A write that changes nothing the register shows or derives from (a
	// 字号 protection, a reparse) leaves the row as it is.
	if before != nil {
		if b := supervisionEnterprise(before); b != nil && *b == *e {
			return nil
		}
	}
	return h.sup.IndexEnterpriseTx(tx, e)
}

func (h supervisionHook) EnterpriseRemovedTx(tx *store.Tx, before *registry.Enterprise) error {
	if supervisionEnterprise(before) == nil {
		return nil
	}
	return h.sup.UnindexEnterpriseTx(tx, before.USCC)
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
