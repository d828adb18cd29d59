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
// The strings of x share the memory of s (a cached record is decoded on
// every read, so it allocates only for the investors).
func decodeCandidate(s string) (x name.Existing, ok bool) {
	var f [17]string
	rest := s
	for i := range len(f) - 1 {
		if f[i], rest, ok = strings.Cut(rest, fieldSep); !ok {
			return x, false
		}
	}
	f[16] = rest
	if strings.Contains(rest, fieldSep) || f[0] != candVer {
		return x, false
	}
	x = name.Existing{
		ID: f[1], Name: f[2], Normalized: f[3], USCC: f[4], Status: f[5], Scope: f[8],
		TradeName: f[10], IndustryExpr: f[11] != "", IndustryText: f[12], IndustryGroup: f[13], Protected: f[14] == "1", Masked: f[16] == "1",
	}
	// Most records have neither date; time.Parse of "" allocates an error.
	if f[6] != "" {
		x.StatusDate, _ = time.Parse("2006-01-02", f[6])
	}
	if f[7] != "" {
		x.ReservedUntil, _ = time.Parse("2006-01-02", f[7])
	}
	x.Industry, _ = dict.ParseIndustryCode(f[9])
	if f[15] != "" {
		x.Investors = strings.Split(f[15], listSep)
	}
	return x, true
}

// DefaultCandidateCache bounds the candidate records kept in memory (a
// record is about 250 bytes, some 400 with its cache entry). A check reads
// up to two hundred of them, and checks of similar names read many of the
// same: from the cache a record costs a map look-up and a decode instead of
// a point read through the LSM levels (often a block to decompress) and a
// decode.
const DefaultCandidateCache = 1 << 18

// SetCandidateCache changes how many candidate records the name check
// keeps in memory; 0 reads every one from the store.
func (s *Service) SetCandidateCache(records int) { s.cands.Resize(records) }

// candidate reads the comparison fields of id, from the compact record when
// there is one (records written before it existed fall back to the JSON).
// With a cache (the name check's reads), the compact record goes through
// it: it never holds a value older than the committed one (store.Cache).
func candidate(tx *store.Tx, id string, cache *store.Cache) (name.Existing, bool, error) {
	var x name.Existing
	var ok bool
	var err error
	if cache != nil {
		var raw string
		if raw, err = cache.Get(tx, store.CandidateKey(id)); err == nil {
			x, ok = decodeCandidate(raw)
		}
	} else {
		err = tx.GetRaw(store.CandidateKey(id), func(b []byte) error {
			x, ok = decodeCandidate(string(b))
			return nil
		})
	}
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

// CandidateCacheStats reports the look-ups of candidate records the cache
// answered and those it did not, and how many records it holds.
func (s *Service) CandidateCacheStats() (hits, misses uint64, size int) { return s.cands.Stats() }
