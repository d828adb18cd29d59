// Package auth issues and verifies API keys. A key is a random bearer token
// shown once at creation; the store keeps only its SHA-256 hash with the
// key's role, so a leaked database does not leak usable tokens.
//
// Staff and registrar keys name the person who holds them and the
// department they work in (see Key and NewKey); a request made with a key
// is signed by that person (Signer), whose holder and department the
// audit entries of its decisions record.
package auth

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// Roles.
const (
	RolePublic    = "public"
	RoleApplicant = "applicant"
	RoleRegistrar = "registrar"
	RoleStaff     = "staff"
	RoleAdmin     = "admin"
	// RolePartner is a partner department's system (市场监管部门以外的执法、
	// 行业主管部门等) that delivers penalty decisions and annual-report
	// filings to the credit file, and reads every event of it.
	RolePartner = "partner"
)

// KeyRoles are the roles an API key may have.
var KeyRoles = []string{RoleRegistrar, RoleStaff, RoleAdmin, RolePartner}

// Key is a stored API key (without its token). Holder and Dept name the
// person who holds a staff or registrar key and the department they work
// in; keys made before holders existed have neither and keep working.
type Key struct {
	ID        string    `json:"id"`
	Role      string    `json:"role"`
	Label     string    `json:"label,omitempty"`
	Holder    string    `json:"holder,omitempty"`
	Dept      string    `json:"dept,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Revoked   bool      `json:"revoked"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Keys manages API keys in the store.
type Keys struct {
	db *store.DB
}

// NewKeys returns the key manager.
func NewKeys(db *store.DB) *Keys { return &Keys{db: db} }

// NewKey is what a new key is made with.
type NewKey struct {
	Role   string
	Label  string
	Holder string // required for staff and registrar keys (see ValidateHolder)
	Dept   string // required for staff keys, optional otherwise (see ValidateDept)
}

// Create makes a key and returns it with its token, which is not stored
// and cannot be shown again. The holder and department are checked by
// CheckNewKey; nothing is written when they are refused.
func (k *Keys) Create(ctx context.Context, actor string, in NewKey) (*Key, string, error) {
	in, err := CheckNewKey(in)
	if err != nil {
		return nil, "", err
	}
	token, h, err := NewToken(PrefixKeyToken)
	if err != nil {
		return nil, "", apperr.Internal(err)
	}
	key := &Key{ID: h[:12], Role: in.Role, Label: in.Label, Holder: in.Holder, Dept: in.Dept, CreatedAt: time.Now().UTC()}
	err = k.db.UpdateContext(ctx, func(tx *store.Tx) error {
		if err := tx.Put(store.APIKeyKey(h), key); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: key.CreatedAt, Actor: actor, Action: "key.create", Object: "key/" + key.ID, After: key})
	})
	if err != nil {
		return nil, "", apperr.Internal(err)
	}
	return key, token, nil
}

// Verify returns the key a bearer token belongs to.
func (k *Keys) Verify(ctx context.Context, token string) (*Key, error) {
	if token == "" {
		return nil, apperr.Unauthorized("缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌")
	}
	h := HashToken(token)
	var key Key
	err := k.db.View(func(tx *store.Tx) error { return tx.Get(store.APIKeyKey(h), &key) })
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.Unauthorized("访问令牌无效")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if key.Revoked {
		return nil, apperr.Unauthorized("访问令牌无效或已吊销")
	}
	return &key, nil
}

// List returns every key.
func (k *Keys) List(ctx context.Context) ([]Key, error) {
	var out []Key
	err := k.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAPIKey, "", false, func(_ string, v []byte) (bool, error) {
			var key Key
			if err := json.Unmarshal(v, &key); err != nil {
				return false, err
			}
			out = append(out, key)
			return true, nil
		})
	})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}

// Revoke revokes the key with id.
func (k *Keys) Revoke(ctx context.Context, actor, id string) (*Key, error) {
	var found *Key
	err := k.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var hash string
		err := tx.Scan(store.PrefixAPIKey, "", false, func(key string, v []byte) (bool, error) {
			var rec Key
			if err := json.Unmarshal(v, &rec); err != nil {
				return false, err
			}
			if rec.ID == id {
				found, hash = &rec, store.IDOf(key, store.PrefixAPIKey)
				return false, nil
			}
			return true, nil
		})
		if err != nil || found == nil {
			return err
		}
		found.Revoked = true
		found.RevokedAt = time.Now().UTC()
		if err := tx.Put(store.APIKeyKey(hash), found); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: found.RevokedAt, Actor: actor, Action: "key.revoke", Object: "key/" + id, After: found})
	})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if found == nil {
		return nil, apperr.NotFound("未找到编号为 %s 的密钥", id)
	}
	return found, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
