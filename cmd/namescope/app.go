package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"namescope/auth"
	"namescope/demo"
	"namescope/dict"
	"namescope/index"
	"namescope/lifecycle"
	"namescope/name"
	"namescope/registry"
	"namescope/scope"
	"namescope/store"
)

// app is the wired service: store, indexes, domain services. It is what
// every subcommand opens and closes.
type app struct {
	db        *store.DB
	names     *index.Names
	marks     *index.Names
	registry  *registry.Service
	checker   *name.Checker
	lifecycle *lifecycle.Service
	keys      *auth.Keys
	ready     atomic.Bool
	log       *slog.Logger

	// The scope service loads its segmenter dictionary for seconds: it
	// comes up in the background while names are already served.
	scope      atomic.Pointer[scope.Service]
	scopeDone  chan struct{}
	scopeErr   error
	cancelLoad context.CancelFunc
}

// Scope returns the scope service, or nil while it is loading.
func (a *app) Scope() *scope.Service { return a.scope.Load() }

// waitScope waits for the scope service.
func (a *app) waitScope(ctx context.Context) (*scope.Service, error) {
	select {
	case <-a.scopeDone:
		if a.scopeErr != nil {
			return nil, a.scopeErr
		}
		return a.scope.Load(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// loadScope builds the scope service on the store's active catalogue (or
// the embedded default).
func (a *app) loadScope(ctx context.Context) {
	defer close(a.scopeDone)
	stores := scope.NewDBStores(a.db)
	svc, err := scope.NewService(ctx, stores, scope.WithNoticeStore(stores))
	if err != nil {
		a.scopeErr = fmt.Errorf("load business-scope catalogue: %w", err)
		a.log.Error("scope service", "err", err)
		return
	}
	a.scope.Store(svc)
}

type appOptions struct {
	dataDir       string
	demo          bool
	industryLevel string
	scope         bool // load the business-scope service (in the background)
}

// openApp opens the store in dataDir (memory when empty), opens the name
// index beside it, rebuilds the index when it is fresh, and re-applies any
// index update a crash left in the outbox.
func openApp(ctx context.Context, opt appOptions, log *slog.Logger) (*app, error) {
	level, err := dict.ParseIndustryLevel(opt.industryLevel)
	if err != nil {
		return nil, err
	}
	storeDir, indexDir, marksDir := "", "", ""
	if opt.dataDir != "" {
		if err := os.MkdirAll(opt.dataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		storeDir = filepath.Join(opt.dataDir, "store")
		indexDir = filepath.Join(opt.dataDir, "index", "names")
		marksDir = filepath.Join(opt.dataDir, "index", "marks")
		if err := os.MkdirAll(filepath.Dir(indexDir), 0o755); err != nil {
			return nil, fmt.Errorf("create index dir: %w", err)
		}
	}
	db, err := store.Open(storeDir)
	if err != nil {
		return nil, err
	}
	names, fresh, err := index.OpenNames(indexDir)
	if err != nil {
		db.Close()
		return nil, err
	}
	marks, marksFresh, err := index.OpenNames(marksDir)
	if err != nil {
		names.Close()
		db.Close()
		return nil, err
	}
	fresh = fresh || marksFresh
	a := &app{db: db, names: names, marks: marks, log: log}
	a.registry = registry.New(db, names, marks)
	a.keys = auth.NewKeys(db)
	a.checker = &name.Checker{Registry: a.registry, Level: level}
	if a.lifecycle, err = lifecycle.New(db, a.registry, a.checker); err != nil {
		a.Close()
		return nil, err
	}
	a.scopeDone = make(chan struct{})
	if opt.scope {
		loadCtx, cancel := context.WithCancel(context.Background())
		a.cancelLoad = cancel
		go a.loadScope(loadCtx)
	} else {
		a.scopeErr = errors.New("the business-scope service is not loaded by this command")
		close(a.scopeDone)
	}
	// A reservation whose scope needs pre-registration approval is kept for
	// a year (Reg 734 Art 18).
	a.lifecycle.PreApproval = func(ctx context.Context, codes []string) (bool, error) {
		svc, err := a.waitScope(ctx)
		if err != nil {
			return false, err
		}
		c, err := svc.Compose(ctx, scope.ComposeRequest{Codes: codes})
		return c.PreApproval, err
	}
	if fresh {
		n, err := a.registry.Reindex(ctx)
		if err != nil {
			a.Close()
			return nil, err
		}
		if n > 0 {
			log.Info("name index rebuilt from the store", "names", n)
		}
	}
	if err := a.registry.ApplyOutbox(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("apply pending index updates: %w", err)
	}
	if _, err := a.registry.SeedWellKnown(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("seed well-known marks: %w", err)
	}
	if opt.demo {
		n, err := demo.Seed(ctx, db, a.registry)
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("seed demo registry: %w", err)
		}
		if n > 0 {
			log.Info("demo registry seeded", "names", n)
		}
	}
	a.ready.Store(true)
	return a, nil
}

// Close closes the index, then the store.
func (a *app) Close() error {
	a.ready.Store(false)
	var scopeErr error
	if a.cancelLoad != nil {
		a.cancelLoad()
		<-a.scopeDone
		if svc := a.scope.Load(); svc != nil {
			scopeErr = svc.Close()
		}
	}
	return errors.Join(scopeErr, a.names.Close(), a.marks.Close(), a.db.Close())
}
