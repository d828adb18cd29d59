package registry

import (
	"errors"
	"strings"
	"time"

	"namescope/dict"
	"namescope/name"
	"namescope/store"
)

// A name check reads up to a hundred candidate records; decoding each whole
// JSON record was most of its cost. Every enterprise write therefore also
// stores the few fields a comparison needs in a compact form under
// cand/<id>, in the same transaction.

const (
	fieldSep = "\x1f"
	listSep  = "\x1e"
	candVer  = "2"
)

func encodeCandidate(e *Enterprise) string {
	protected, masked := "0", "0"
	if e.Protected {
		protected = "1"
	}
	if e.Masked {
		masked = "1"
	}
	return strings.Join([]string{candVer, e.ID, e.Name, e.Normalized, e.USCC, e.Status, e.StatusDate, e.ReservedUntil,
		e.Scope, e.IndustryCode, e.TradeName, e.NameIndustry, e.IndustryExpr, e.IndustryGroup, protected,
		strings.Join(e.Investors, listSep), masked}, fieldSep)
}

// decodeCandidate reads a compact record; ok is false for another layout.
func decodeCandidate(b []byte) (x name.Existing, ok bool) {
	f := strings.Split(string(b), fieldSep)
	if len(f) != 17 || f[0] != candVer {
		return x, false
	}
	x = name.Existing{
		ID: f[1], Name: f[2], Normalized: f[3], USCC: f[4], Status: f[5], Scope: f[8],
		TradeName: f[10], IndustryExpr: f[11] != "", IndustryText: f[12], IndustryGroup: f[13], Protected: f[14] == "1", Masked: f[16] == "1",
	}
	x.StatusDate, _ = time.Parse("2006-01-02", f[6])
	x.ReservedUntil, _ = time.Parse("2006-01-02", f[7])
	x.Industry, _ = dict.ParseIndustryCode(f[9])
	if f[15] != "" {
		x.Investors = strings.Split(f[15], listSep)
	}
	return x, true
}

// candidate reads the comparison fields of id, from the compact record when
// there is one (records written before it existed fall back to the JSON).
func candidate(tx *store.Tx, id string) (name.Existing, bool, error) {
	var x name.Existing
	var ok bool
	err := tx.GetRaw(store.CandidateKey(id), func(b []byte) error {
		x, ok = decodeCandidate(b)
		return nil
	})
	if err == nil && ok {
		return x, true, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return x, false, err
	}
	var e Enterprise
	if err := tx.Get(store.EnterpriseKey(id), &e); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return x, false, nil
		}
		return x, false, err
	}
	return e.existing(), true, nil
}
