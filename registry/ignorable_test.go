package registry_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/registry"
	"namescope/store"
)

// countKeys counts the stored keys under prefix.
func countKeys(t *testing.T, db *store.DB, prefix string) int {
	t.Helper()
	n := 0
	err := db.View(func(tx *store.Tx) error {
		return tx.Scan(prefix, "", false, func(string, []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A name with an invisible character is refused before anything is
// written: no record, no audit entry, no outbox entry, no index document.
func TestPutRefusesIgnorableCharacters(t *testing.T) {
	dir := t.TempDir()
	db, idx, reg, _ := open(t, dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")})
	t.Cleanup(func() { idx.Close(); db.Close() })
	ctx := context.Background()

	cases := []struct {
		name string
		pos  string
		cp   string
	}{
		{"平顶山市\u200b星河科技有限公司", "第 5 个字符", "U+200B"},
		{"\ufeff平顶山市星河科技有限公司", "第 1 个字符", "U+FEFF"},
		{"平顶山市星河\u202e科技有限公司", "第 7 个字符", "U+202E"},
		{"平顶山市星\u00ad河科技有限公司", "第 6 个字符", "U+00AD"},
		{"平顶山市星河\U000E0041科技有限公司", "第 7 个字符", "U+E0041"},
		{"平顶山市星河\ufe0f科技有限公司", "第 7 个字符", "U+FE0F"},
		{"平顶山市\u3164星河科技有限公司", "第 5 个字符", "U+3164"},
	}
	for _, c := range cases {
		in := registry.Input{Name: c.name, Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}
		_, err := reg.Put(ctx, "test", in)
		if apperr.CodeOf(err) != apperr.CodeInvalid {
			t.Fatalf("%q: err = %v, want invalid", c.name, err)
		}
		msg := apperr.MessageOf(err)
		for _, want := range []string{"name", c.pos, c.cp, "不可见"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q: message %q lacks %q", c.name, msg, want)
			}
		}
	}
	for _, prefix := range []string{store.PrefixEnterprise, store.PrefixAudit, store.PrefixOutbox} {
		if n := countKeys(t, db, prefix); n != 0 {
			t.Errorf("%d keys under %s after refused writes", n, prefix)
		}
	}
	if got := candidates(t, reg, "星河"); len(got) != 0 {
		t.Errorf("index holds %v after refused writes", got)
	}

	// The same name without the character is accepted.
	if _, err := reg.Put(ctx, "test", registry.Input{Name: "平顶山市星河科技有限公司", Status: "active", IndustryCode: "I65", AuthorityCode: "410400"}); err != nil {
		t.Fatalf("clean name refused: %v", err)
	}
}

func TestImportRejectsIgnorableRows(t *testing.T) {
	dir := t.TempDir()
	db, idx, reg, _ := open(t, dirs{filepath.Join(dir, "store"), filepath.Join(dir, "index")})
	t.Cleanup(func() { idx.Close(); db.Close() })
	rep, err := reg.Import(context.Background(), strings.NewReader(
		"name,status,status_date,industry_code,authority_code\n"+
			"平顶山市星河科技有限公司,active,,I65,410400\n"+
			"平顶山市\u200b蓝海商贸有限公司,active,,F51,410400\n"+
			"平顶山市云帆\u2060商贸有限公司,active,,F51,410400\n"), registry.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Rejected != 2 || len(rep.Errors) != 2 {
		t.Fatalf("report %+v", rep)
	}
	for i, want := range [][]string{
		{"第 3 行", "name 第 5 个字符（U+200B）是不可见的格式字符"},
		{"第 4 行", "name 第 7 个字符（U+2060）是不可见的格式字符"},
	} {
		for _, w := range want {
			if !strings.Contains(rep.Errors[i], w) {
				t.Errorf("rejected row %d: %q lacks %q", i, rep.Errors[i], w)
			}
		}
	}
	if got := candidates(t, reg, "蓝海"); len(got) != 0 {
		t.Errorf("rejected row indexed: %v", got)
	}
	if n := countKeys(t, db, store.PrefixEnterprise); n != 1 {
		t.Errorf("%d enterprise records, want 1", n)
	}
}
