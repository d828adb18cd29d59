package lifecycle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// A client that lost the answer to a reservation sends it again with the
// same Idempotency-Key header; it must get the reservation it made, not a
// refusal against its own reservation. The key is kept with the request's
// fingerprint and the reservation it made. Party tokens are stored hashed
// only, so a replay issues a fresh token for the same reservation (the
// client never saw the first one).

// idempotent is what a request made with an Idempotency-Key left.
type idempotent struct {
	Op          string    `json:"op"`
	Fingerprint string    `json:"fingerprint"`
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
}

// MaxIdempotencyKey bounds the header's length.
const MaxIdempotencyKey = 200

func idempotencyKey(op, key string) string {
	sum := sha256.Sum256([]byte(key))
	return store.PrefixIdempotent + op + "/" + hex.EncodeToString(sum[:])
}

func fingerprint(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func checkIdempotencyKey(key string) error {
	if len(key) > MaxIdempotencyKey {
		return apperr.Invalid("Idempotency-Key 过长：最多 %d 个字符", MaxIdempotencyKey)
	}
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			return apperr.Invalid("Idempotency-Key 只能包含可见的 ASCII 字符")
		}
	}
	return nil
}

// ReserveOnce is Reserve with an idempotency key (the Idempotency-Key
// header; empty: none). A repeat of the same request with the same key
// answers the original reservation with replayed set and a fresh token; a
// different request with a used key is refused.
func (s *Service) ReserveOnce(ctx context.Context, actor, key string, in ReserveInput) (*NameRecord, string, bool, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		r, token, err := s.Reserve(ctx, actor, in)
		return r, token, false, err
	}
	if err := checkIdempotencyKey(key); err != nil {
		return nil, "", false, err
	}
	ik := idempotencyKey("reserve", key)
	fp := fingerprint(in)
	if r, token, ok, err := s.replay(ctx, ik, fp, actor); ok || err != nil {
		return r, token, ok, err
	}
	r, token, err := s.reserve(ctx, actor, in, &idemWrite{key: ik, fingerprint: fp})
	var dup *replayed
	if errors.As(err, &dup) {
		// The same request with the same key won the race meanwhile.
		return s.replay(ctx, ik, fp, actor)
	}
	return r, token, false, err
}

// idemWrite is the key a reservation records with itself.
type idemWrite struct {
	key, fingerprint string
}

// record stores the key with the reservation id in tx, or reports that the
// key was used meanwhile.
func (w *idemWrite) record(tx *store.Tx, id string, at time.Time) error {
	if w == nil {
		return nil
	}
	var used idempotent
	switch err := tx.Get(w.key, &used); {
	case err == nil:
		return replayed{}
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	return tx.Put(w.key, idempotent{Op: "reserve", Fingerprint: w.fingerprint, ID: id, At: at.UTC()})
}

// replayed is a reservation whose key was used while it was being checked.
type replayed struct{}

func (replayed) Error() string { return "idempotency key used meanwhile" }

// replay answers a used key: the original reservation and a fresh token,
// or a refusal when the key was used for another request.
func (s *Service) replay(ctx context.Context, ik, fp, actor string) (*NameRecord, string, bool, error) {
	var rec *NameRecord
	var token string
	found := false
	err := s.update(ctx, func(tx *store.Tx) error {
		var used idempotent
		if err := tx.Get(ik, &used); errors.Is(err, store.ErrNotFound) {
			found = false
			return nil
		} else if err != nil {
			return err
		}
		found = true
		if used.Fingerprint != fp {
			return apperr.Conflict("该 Idempotency-Key 已用于内容不同的另一请求，请为新请求使用新的键")
		}
		var err error
		if rec, err = loadName(tx, used.ID); err != nil {
			return err
		}
		who := actor
		if who == "" || who == "public" {
			who = PartyApplicant + ":" + rec.ID
		}
		token, err = s.issueToken(tx, who, TokenRef{Kind: KindReservation, ID: rec.ID, Party: PartyApplicant, CreatedAt: s.now().UTC()})
		return err
	})
	if err != nil || !found {
		return nil, "", false, err
	}
	return rec, token, true, nil
}
