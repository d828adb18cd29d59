package registry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"namescope/registry"
	"namescope/store"
)

// hookCalls records what the credit hook receives; fail makes it fail.
type hookCalls struct {
	calls []string
	fail  bool
}

func (h *hookCalls) EnterpriseWrittenTx(tx *store.Tx, actor string, before, after *registry.Enterprise) error {
	b := "nil"
	if before != nil {
		b = before.Status + ":" + before.Name
	}
	h.calls = append(h.calls, actor+" "+b+" → "+after.Status+":"+after.Name)
	if h.fail {
		return errors.New("credit file unavailable")
	}
	return nil
}

// The one write path calls the credit hook in the write's transaction: a
// failing hook leaves nothing written; an import and a name without USCC
// do not call it.
func TestCreditHookInTheWriteTransaction(t *testing.T) {
	ctx := context.Background()
	db, reg := newRegistry(t)
	hook := &hookCalls{}
	reg.Credit = hook
	code := usccOf("91410400MA44XH001")
	in := xinghe
	in.USCC, in.LegalRep, in.Established = code, "张三", "2024-05-20"

	t.Run("a failing hook writes nothing", func(t *testing.T) {
		hook.fail = true
		if _, err := reg.Put(ctx, "registrar:k", in); err == nil {
			t.Fatal("the write succeeded without its credit event")
		}
		err := db.View(func(tx *store.Tx) error { _, err := reg.GetTx(tx, code); return err })
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the record was written: %v", err)
		}
		hook.fail, hook.calls = false, nil
	})
	t.Run("create, then update", func(t *testing.T) {
		if _, err := reg.Put(ctx, "registrar:k", in); err != nil {
			t.Fatal(err)
		}
		in2 := in
		in2.LegalRep, in2.Established = "", ""
		e, err := reg.Put(ctx, "registrar:k", in2)
		if err != nil {
			t.Fatal(err)
		}
		// What the registration system did not send again is kept.
		if e.LegalRep != "张三" || e.Established != "2024-05-20" {
			t.Errorf("kept %+v", e)
		}
		want := "registrar:k nil → active:平顶山市星河科技有限公司|registrar:k active:平顶山市星河科技有限公司 → active:平顶山市星河科技有限公司"
		if got := strings.Join(hook.calls, "|"); got != want {
			t.Fatalf("calls\n got %s\nwant %s", got, want)
		}
	})
	t.Run("an import and a name without USCC do not call it", func(t *testing.T) {
		hook.calls = nil
		csv := "name,uscc,status,industry_code,authority_code\n平顶山市青禾农业开发有限公司," + usccOf("91410400MA44QH001") + ",active,A01,410400\n"
		if _, err := reg.Import(ctx, strings.NewReader(csv), registry.ImportOptions{Actor: "import:test"}); err != nil {
			t.Fatal(err)
		}
		noUSCC := in
		noUSCC.USCC, noUSCC.Name = "", "平顶山市澄霁科技有限公司"
		if _, err := reg.Put(ctx, "registrar:k", noUSCC); err != nil {
			t.Fatal(err)
		}
		if len(hook.calls) != 0 {
			t.Fatalf("calls %v", hook.calls)
		}
	})
	t.Run("public answers leave out the legal representative", func(t *testing.T) {
		e, err := reg.Get(ctx, code)
		if err != nil || e.LegalRep != "张三" {
			t.Fatalf("%+v %v", e, err)
		}
		if p := registry.WithoutPersonal(e); p.LegalRep != "" || e.LegalRep != "张三" {
			t.Errorf("WithoutPersonal %+v, original %+v", p, e)
		}
	})
	t.Run("bad establishment date or legal representative", func(t *testing.T) {
		for name, mod := range map[string]func(*registry.Input){
			"date format":       func(in *registry.Input) { in.Established = "2024/05/20" },
			"too long a name":   func(in *registry.Input) { in.LegalRep = strings.Repeat("张", 51) },
			"control character": func(in *registry.Input) { in.LegalRep = "张\x00三" },
		} {
			bad := in
			mod(&bad)
			if _, err := reg.Put(ctx, "registrar:k", bad); err == nil {
				t.Errorf("%s accepted", name)
			}
		}
	})
}
