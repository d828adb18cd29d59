package auth

import (
	"context"

	"namescope/store"
)

// Signer is the person behind a request made with an API key: the key, its
// role, and the holder and department the key names (both empty for keys
// made before holders existed, and usually for admin keys). Handlers get
// it from the request once the key is verified; the domain packages take
// it as a parameter where a rule depends on who acts.
type Signer struct {
	KeyID  string `json:"key_id"`
	Role   string `json:"role"`
	Holder string `json:"holder,omitempty"`
	Dept   string `json:"dept,omitempty"`
}

// Signer returns the person who holds the key.
func (k *Key) Signer() Signer {
	return Signer{KeyID: k.ID, Role: k.Role, Holder: k.Holder, Dept: k.Dept}
}

// Actor is the actor string of the audit log and of the domain records,
// "role:keyID", as it has always been written.
func (s Signer) Actor() string { return s.Role + ":" + s.KeyID }

// Name is how the signer is shown on a document: the holder with the
// department in brackets, or the actor string for a key that names no
// holder.
func (s Signer) Name() string {
	switch {
	case s.Holder == "":
		return s.Actor()
	case s.Dept == "":
		return s.Holder
	}
	return s.Holder + "（" + s.Dept + "）"
}

// SamePerson reports whether a and b are the same person, for rules that
// need two different people (a ruling's two signatures). Two keys that
// name a holder are the same person when they name the same holder,
// whatever their key or department: a person with a second key is still
// one person. A key that names no holder (made before holders existed) is
// only known by its ID: it is the same person as itself and no other key.
// Holders are compared as written (trimmed at creation), so the bureau
// gives two people of the same name distinguishable holder names.
func SamePerson(a, b Signer) bool {
	if a.Holder != "" && b.Holder != "" {
		return a.Holder == b.Holder
	}
	return a.KeyID == b.KeyID
}

// SameDept is the rule "谁列入、谁修复" (who lists, repairs): a listing
// made by maker may be removed or repaired by actor only when both belong
// to the same department. A side that names no department does not block
// (records and keys made before departments existed): SameDept is then
// true. It compares departments only; a caller that keeps admin keys out,
// as rulings do, checks the role first.
func SameDept(maker, actor Signer) bool {
	return maker.Dept == "" || actor.Dept == "" || maker.Dept == actor.Dept
}

type signerKey struct{}

// WithSigner returns ctx carrying the request's signer. The store's
// transactions run with UpdateContext under that ctx record the signer's
// holder and department in the audit entries the signer's actor writes.
func WithSigner(ctx context.Context, s Signer) context.Context {
	ctx = context.WithValue(ctx, signerKey{}, s)
	if s.Holder != "" || s.Dept != "" {
		ctx = store.WithPerson(ctx, store.Person{Actor: s.Actor(), Holder: s.Holder, Dept: s.Dept})
	}
	return ctx
}

// SignerFrom returns the signer WithSigner put in ctx.
func SignerFrom(ctx context.Context) (Signer, bool) {
	s, ok := ctx.Value(signerKey{}).(Signer)
	return s, ok
}
