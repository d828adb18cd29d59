package scope

import (
	"context"
	"errors"
	"sync"
	"testing"

	"namescope/apperr"
)

func smallCatalogue(t testing.TB, wording string) *Catalogue {
	return mustCatalogue(t,
		Entry{Code: "N1", Wording: wording, Kind: General, Industries: []string{"6513"}},
		Entry{Code: "N2", Wording: "烟草制品零售", Kind: Licensed, Industries: []string{"5227"},
			Licenses: []License{{Item: "烟草专卖零售许可", Document: "烟草专卖零售许可证", ApprovingDept: "tobacco"}}},
	)
}

func TestServiceStartsOnDefaultOrActive(t *testing.T) {
	ctx := context.Background()
	store := &memCatalogueStore{}
	svc, err := NewService(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if svc.Catalogue() != DefaultCatalogue() {
		t.Error("empty store: not on the default catalogue")
	}
	if _, err := svc.Import(ctx, smallCatalogue(t, "导入的软件开发")); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	// A restart finds the imported version.
	svc2, err := NewService(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	defer svc2.Close()
	if c := svc2.Catalogue(); c.Version() != 1 || c.Len() != 2 {
		t.Errorf("restart: version %d, %d entries", c.Version(), c.Len())
	}
	if _, err := NewService(ctx, &failingStore{}); err == nil {
		t.Error("store failure not reported")
	}
}

type failingStore struct{ memCatalogueStore }

func (*failingStore) Active(context.Context) (*Catalogue, error) {
	return nil, apperr.Internal(errors.New("disk on fire"))
}

func TestServiceImportSwapsAtomically(t *testing.T) {
	ctx := context.Background()
	store := &memCatalogueStore{}
	svc, err := NewService(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()

	// Searches run while catalogues are imported; each must see one whole
	// version: a hit for 软件 comes from the version the searcher belongs to.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := svc.Search(ctx, Query{Text: "软件开发", Limit: 3})
				if err != nil {
					t.Error(err)
					return
				}
				if len(res.Hits) == 0 {
					t.Error("no hits during import")
					return
				}
			}
		}()
	}
	for i, w := range []string{"第一版软件开发", "第二版软件开发"} {
		info, err := svc.Import(ctx, smallCatalogue(t, w))
		if err != nil {
			t.Fatal(err)
		}
		if info.Version != i+1 || !info.Active || info.Entries != 2 || info.Licensed != 1 {
			t.Errorf("import %d: %+v", i, info)
		}
	}
	close(stop)
	wg.Wait()

	res, err := svc.Search(ctx, Query{Text: "软件开发"})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Wording != "第二版软件开发" {
		t.Fatalf("after import: %v %+v", err, res.Hits)
	}
	comp, err := svc.Compose(ctx, ComposeRequest{Codes: []string{"N2"}})
	if err != nil || comp.CatalogueVersion != 2 {
		t.Errorf("compose on the new version: %v %+v", err, comp)
	}
	vs, err := svc.Versions(ctx)
	if err != nil || len(vs) != 3 || vs[0].Version != 0 || vs[2].Version != 2 || !vs[2].Active || vs[1].Active || vs[1].SavedAt.IsZero() {
		t.Errorf("versions: %v %+v", err, vs)
	}
}

func TestServiceImportFailureKeepsCatalogue(t *testing.T) {
	ctx := context.Background()
	store := &memCatalogueStore{failSave: apperr.Internal(errors.New("disk full"))}
	svc, err := NewService(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Import(ctx, smallCatalogue(t, "新软件开发")); err == nil {
		t.Fatal("import with a failing store succeeded")
	}
	if svc.Catalogue() != DefaultCatalogue() {
		t.Error("failed import replaced the catalogue")
	}
	if _, err := svc.Import(ctx, nil); codeOf(err) != apperr.CodeInvalid {
		t.Errorf("nil catalogue: %v", err)
	}
}

func TestServiceWithoutStore(t *testing.T) {
	ctx := context.Background()
	svc, err := NewService(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := svc.Import(ctx, smallCatalogue(t, "内存软件开发"))
	if err != nil || info.Version != 1 {
		t.Fatalf("%v %+v", err, info)
	}
	vs, _ := svc.Versions(ctx)
	if len(vs) != 2 || !vs[1].Active {
		t.Errorf("versions %+v", vs)
	}
	norm, err := svc.Normalize(ctx, "销售软件开发")
	if err != nil || len(norm.Phrases) != 1 {
		t.Errorf("normalize: %v %+v", err, norm)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Search(ctx, Query{Text: "软件"}); codeOf(err) != apperr.CodeInternal {
		t.Errorf("search after close: %v", err)
	}
	if err := svc.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}
