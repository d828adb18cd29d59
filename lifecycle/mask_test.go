package lifecycle

import (
	"encoding/json"
	"strings"
	"testing"

	"namescope/registry"
	"namescope/store"
)

// Issue 9, defect 5: while an order to stop using a name runs, no public
// read path pairs the name with the USCC: the look-up by name does not find
// it, the look-up by USCC shows the USCC in place of the name, and the
// check still blocks the identical name without saying whose it is.
func TestOrderedNameMaskedOnEveryReadPath(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	const ordered = "平顶山市星和科技有限公司"
	code := uscc("91410400MA44RG001")
	if _, err := e.reg.Put(bg, "test", registry.Input{Name: ordered, USCC: code, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatal(err)
	}
	order := func() {
		err := e.svc.update(bg, func(tx *store.Tx) error {
			r, err := e.svc.current(tx, "staff:c", code, true)
			if err != nil {
				return err
			}
			_, _, err = e.svc.orderChange(tx, "staff:c", code, r.ID, "D0001", e.clk.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.applyIndex(bg); err != nil {
			t.Fatal(err)
		}
	}
	order()

	t.Run("look-up by name", func(t *testing.T) {
		for _, q := range []string{ordered, "星和", "星和科技"} {
			hits, err := e.reg.Search(bg, "410400", q, 20)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.USCC == code {
					t.Errorf("q=%s finds the masked enterprise: %+v", q, h)
				}
			}
		}
	})
	t.Run("look-up by USCC", func(t *testing.T) {
		hits, err := e.reg.Search(bg, "410400", code, 20)
		if err != nil || len(hits) != 1 || hits[0].Name != code || strings.Contains(hits[0].Normalized, "星和") {
			t.Fatalf("hits %+v %v", hits, err)
		}
	})
	t.Run("check", func(t *testing.T) {
		for _, nm := range []string{ordered, "平顶山市星河科技有限公司"} {
			res := e.check(nm)
			b, _ := json.Marshal(res)
			if strings.Contains(string(b), code) {
				t.Errorf("check of %s reveals the USCC: %s", nm, b)
			}
		}
		if res := e.check(ordered); res.Verdict != "block" {
			t.Errorf("identical name under an order: verdict %s, want block (it still counts)", res.Verdict)
		}
	})
	t.Run("after the change", func(t *testing.T) {
		if _, err := e.svc.ChangeName(bg, "registrar:r", code, ChangeInput{Name: "平顶山市澜岳数联科技有限公司"}); err != nil {
			t.Fatal(err)
		}
		hits, err := e.reg.Search(bg, "410400", "澜岳数联", 20)
		if err != nil || len(hits) != 1 || hits[0].USCC != code {
			t.Fatalf("new name not found: %+v %v", hits, err)
		}
	})
}
