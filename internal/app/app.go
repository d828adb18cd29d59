package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"namescope/apperr"
	"namescope/auth"
	"namescope/config"
	"namescope/credit"
	"namescope/demo"
	"namescope/dict"
	"namescope/feedback"
	"namescope/index"
	"namescope/internal/health"
	"namescope/lexicon"
	"namescope/lifecycle"
	"namescope/name"
	"namescope/registry"
	"namescope/scope"
	"namescope/store"
	"namescope/supervision"
)

// Options say what Open opens and how.
type Options struct {
	// DataDir holds the store and the indexes; empty keeps everything in
	// memory.
	DataDir string
	// Demo seeds the demo registry, once per data directory.
	Demo bool
	// IndustryLevel is the level at which identical names compare
	// industries: section, division (the default when empty) or group.
	IndustryLevel string
	// Scope starts loading the business-scope service (its segmenter
	// dictionary takes seconds) in the background; StartScope does it later.
	Scope bool
	// Background makes Open return as soon as the store and the indexes are
	// open: an index rebuild, the catch-up of pending index updates and the
	// seeding then run in the background, Report tells how far they are and
	// Loaded when they are over. Without it Open does them before returning.
	Background bool
	// Clock replaces time.Now in the registry, the checker, the lifecycle
	// and the scope services (tests).
	Clock func() time.Time
	// NoWellKnownMarks leaves out the embedded list of well-known marks
	// (tests whose fixture is the concrete cases alone).
	NoWellKnownMarks bool
	// Config is the bureau's configuration: the authorities served, their
	// 字号 protection measures, restrict_to_served (nil: config.Default()).
	// IndustryLevel and DataDir above are read, not its server section.
	Config *config.Config
}

// App is the opened service. Its services are ready to call once Open
// returns, except that with Options.Background the names and trademarks
// they answer from are complete only once Report says so.
type App struct {
	Store     *store.DB
	Names     *index.Names   // enterprise names
	Marks     *index.Names   // trademarks
	Lexicon   *index.Lexicon // banned words, for the disguised-word rule (in memory)
	Registry  *registry.Service
	Checker   *name.Checker
	Lifecycle *lifecycle.Service
	// Credit is the credit file and lists (written by the registry and
	// the lifecycle in their own transactions).
	Credit *credit.Service
	// Supervision is inclusive and prudent supervision: designation, grace
	// periods, guidance measures, checks and cases (writes its facts into
	// the credit file).
	Supervision *supervision.Service
	Keys        *auth.Keys
	// Feedback keeps the findings applicants report as wrong.
	Feedback *feedback.Service
	// LexiconWords keeps the lexicon words staff add at run time (installed
	// in dict and in Lexicon by Open).
	LexiconWords *lexicon.Service

	opt    Options
	log    *slog.Logger
	fresh  bool               // the indexes are rebuilt from the store
	ctx    context.Context    // background work; cancelled by Close
	cancel context.CancelFunc //

	mu      sync.Mutex
	states  map[string]health.State       // every component (a rebuild's progress aside)
	ready   atomic.Pointer[health.Report] // the report once every component is ready (then fixed)
	loaded  chan struct{}                 // closed when the rebuild, catch-up and seeding are over
	loadErr error                         // their error, set before loaded is closed

	scopeOnce sync.Once
	scopeOn   atomic.Bool // loading was started
	scopeSvc  atomic.Pointer[scope.Service]
	scopeDone chan struct{} // closed when loading is over
	scopeErr  error         // set before scopeDone is closed

	closeOnce sync.Once
	closeErr  error
}

// rebuildKey marks in the store an index rebuild that has not finished.
var rebuildKey = store.MetaKey("index_rebuild_started")

// Paths of a data directory.
func storeDir(dataDir string) string  { return filepath.Join(dataDir, "store") }
func indexRoot(dataDir string) string { return filepath.Join(dataDir, "index") }
func namesDir(dataDir string) string  { return filepath.Join(dataDir, "index", "names") }
func marksDir(dataDir string) string  { return filepath.Join(dataDir, "index", "marks") }

// memOr is dir, or "" (in memory) when there is no data directory.
func memOr(dataDir, dir string) string {
	if dataDir == "" {
		return ""
	}
	return dir
}

// RemoveIndexes deletes the derived indexes of a data directory: the next
// Open rebuilds them from the store.
func RemoveIndexes(dataDir string) error {
	if dataDir == "" {
		return nil
	}
	return os.RemoveAll(indexRoot(dataDir))
}

// Open opens the store in opt.DataDir and the indexes beside it, wires the
// services, and brings the indexes up to date with the store: rebuilt when
// they are fresh (or a rebuild did not finish), then every index update a
// crash left in the outbox applied. Then it seeds the embedded well-known
// marks and, with opt.Demo, the demo registry. With opt.Background that
// second half runs in the background.
func Open(ctx context.Context, opt Options, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.Default()
	}
	level, err := dict.ParseIndustryLevel(opt.IndustryLevel)
	if err != nil {
		return nil, err
	}
	if opt.DataDir != "" {
		if err := os.MkdirAll(indexRoot(opt.DataDir), 0o755); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
	}
	// The parser segments long 字号 and the disguised-word rule asks the
	// segmenter's dictionary whether a stretch is an ordinary word: load it
	// and the parser's word lists beside the store and the indexes, and
	// finish before the first check (which would otherwise wait for them
	// inside its deadline).
	segmenter := make(chan struct{})
	go func() { dict.Preload(); close(segmenter) }()
	defer func() { <-segmenter }()
	db, err := store.Open(memOr(opt.DataDir, storeDir(opt.DataDir)))
	if err != nil {
		return nil, err
	}
	if _, err := CheckFormat(db); err != nil {
		db.Close()
		return nil, err
	}
	if opt.DataDir != "" {
		if err := dropUnfinishedRebuild(db, opt.DataDir, log); err != nil {
			db.Close()
			return nil, err
		}
	}
	names, fresh, err := index.OpenNames(memOr(opt.DataDir, namesDir(opt.DataDir)))
	if err != nil {
		db.Close()
		return nil, err
	}
	marks, marksFresh, err := index.OpenNames(memOr(opt.DataDir, marksDir(opt.DataDir)))
	if err != nil {
		names.Close()
		db.Close()
		return nil, err
	}
	a := &App{
		Store: db, Names: names, Marks: marks,
		opt: opt, log: log, fresh: fresh || marksFresh,
		loaded: make(chan struct{}), scopeDone: make(chan struct{}),
		states: map[string]health.State{
			health.Store: health.Ready, health.NamesIndex: health.Loading, health.MarksIndex: health.Loading,
			health.Scope: health.Loading,
		},
	}
	if opt.Demo {
		a.states[health.Demo] = health.Loading
	}
	if a.fresh {
		a.states[health.NamesIndex] = health.Rebuilding
	}
	a.ctx, a.cancel = context.WithCancel(context.WithoutCancel(ctx))
	cfg := opt.Config
	if cfg == nil {
		cfg = config.Default()
	}
	a.Registry = registry.New(db, names, marks)
	a.Registry.Level = level
	a.Registry.SetCandidateCache(cfg.Server.CandidateCache)
	a.Credit = credit.New(db, cfg.Credit, cfg.Supervision, creditEnterprises{a.Registry})
	if da := cfg.DefaultAuthority(); da.Code != "" {
		a.Credit.SetIssuer(da.Bureau, da.DocPrefix)
	}
	a.Registry.Credit = creditHook{a.Credit}
	a.Supervision = supervision.New(db, cfg.Supervision, a.Credit, supervisionEnterprises{a.Registry}, bureauOf(cfg))
	a.Credit.SetNewEconomy(a.Supervision.NewEconomyTx)
	a.Registry.Derived = supervisionHook{a.Supervision}
	if err := a.Supervision.LoadCatalogue(); err != nil {
		a.cancel()
		return nil, errors.Join(fmt.Errorf("load the violation catalogue: %w", err), a.closeStores())
	}
	if n, err := a.Supervision.EnsureUSCCIndex(ctx); err != nil {
		a.cancel()
		return nil, errors.Join(fmt.Errorf("index supervision checks and bases by enterprise: %w", err), a.closeStores())
	} else if n > 0 {
		log.Info("supervision checks and bases indexed by enterprise", "keys", n)
	}
	// Data format 4: the new-economy register (svne/), built for a store
	// of before it (and again for a binary with another 三新 map).
	if n, err := a.Supervision.EnsureRegister(ctx); err != nil {
		a.cancel()
		return nil, errors.Join(fmt.Errorf("build the new-economy register: %w", err), a.closeStores())
	} else if n > 0 {
		log.Info("new-economy register built", "enterprises", n)
	}
	if opt.Clock != nil {
		a.Credit.SetClock(opt.Clock)
		a.Supervision.SetClock(opt.Clock)
	}
	// Grants decide on the 字号 listing: a store written before it existed
	// gets it before anything is served (once; a complete store is one read).
	// Names stored under another parser version get their parts again
	// (their index updates go through the outbox, applied while loading).
	if n, err := a.Registry.Reparse(ctx); err != nil {
		a.cancel()
		return nil, errors.Join(fmt.Errorf("parse stored names again: %w", err), a.closeStores())
	} else if n > 0 {
		log.Info("stored names parsed again under the current parser", "changed", n, "parser_version", name.ParserVersion)
	}
	if n, err := a.Registry.EnsureTradeNameIndex(ctx); err != nil {
		a.cancel()
		return nil, errors.Join(fmt.Errorf("list enterprises by 字号: %w", err), a.closeStores())
	} else if n > 0 {
		log.Info("enterprises listed by 字号 for the identical-name guard", "names", n)
	}
	a.Keys = auth.NewKeys(db)
	var words []index.LexiconWord
	for _, w := range name.DisguisableWords() {
		words = append(words, index.LexiconWord{Word: w})
	}
	if a.Lexicon, err = index.OpenLexicon(words); err != nil {
		a.cancel()
		return nil, errors.Join(err, a.closeStores())
	}
	a.LexiconWords = lexicon.New(db, a.Lexicon)
	if err := a.LexiconWords.Load(ctx); err != nil {
		a.cancel()
		return nil, errors.Join(fmt.Errorf("load the run-time lexicon: %w", err), a.closeStores())
	}
	a.Checker = &name.Checker{Registry: a.Registry, Level: level, Now: opt.Clock, Words: a.Lexicon}
	a.Checker.ProtectionRules = cfg.ProtectionRules()
	if cfg.Server.RestrictToServed {
		a.Checker.Serves = servedBy(cfg)
	}
	if a.Lifecycle, err = lifecycle.New(db, a.Registry, a.Checker, a.Credit); err != nil {
		a.cancel()
		return nil, errors.Join(err, a.closeStores())
	}
	// Data format 3: the lifecycle's abnormal-list entries (abn/) live in
	// credit as listings; counted on the lifecycle's calendar, set above.
	if n, err := a.Credit.MigrateLegacyAbnormal(ctx); err != nil {
		a.cancel()
		return nil, errors.Join(err, a.closeStores())
	} else if n > 0 {
		log.Info("abnormal-list entries moved to the credit module", "entries", n)
	}
	if err := stampFormat(db); err != nil {
		a.cancel()
		return nil, errors.Join(err, a.closeStores())
	}
	a.Feedback = feedback.New(db, a.Checker)
	if opt.Clock != nil {
		a.Registry.SetClock(opt.Clock)
		a.Lifecycle.SetClock(opt.Clock)
		a.Feedback.SetClock(opt.Clock)
		a.LexiconWords.SetClock(opt.Clock)
	}
	// A reservation whose scope needs pre-registration approval is kept for
	// a year (Reg 734 Art 18).
	a.Lifecycle.PreApproval = func(ctx context.Context, codes []string) (bool, error) {
		svc, err := a.WaitScope(ctx)
		if err != nil {
			return false, err
		}
		c, err := svc.Compose(ctx, scope.ComposeRequest{Codes: codes})
		return c.PreApproval, err
	}
	if opt.Scope {
		a.StartScope()
	}
	if opt.Background {
		go a.load(a.ctx)
		return a, nil
	}
	if err := a.load(ctx); err != nil {
		return nil, errors.Join(err, a.Close())
	}
	return a, nil
}

// dropUnfinishedRebuild removes the indexes when the store says that their
// rebuild started and did not finish: they are incomplete, and opening
// them fresh rebuilds them.
func dropUnfinishedRebuild(db *store.DB, dataDir string, log *slog.Logger) error {
	var started string
	err := db.View(func(tx *store.Tx) error { return tx.Get(rebuildKey, &started) })
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	log.Warn("the last index rebuild did not finish: rebuilding", "started", started)
	if err := RemoveIndexes(dataDir); err != nil {
		return err
	}
	return os.MkdirAll(indexRoot(dataDir), 0o755)
}

// load rebuilds or catches up the indexes and seeds, recording each
// component's state; it returns (and Loaded reports) the first error.
func (a *App) load(ctx context.Context) error {
	err := a.loadSteps(ctx)
	if err != nil {
		a.mu.Lock()
		for _, c := range []string{health.NamesIndex, health.MarksIndex, health.Demo} {
			if s, ok := a.states[c]; ok && s != health.Ready {
				a.states[c] = health.Failed
			}
		}
		a.mu.Unlock()
		if a.opt.Background && ctx.Err() == nil {
			a.log.Error("loading the registry failed", "err", err)
		}
	}
	a.loadErr = err
	a.updateReady()
	close(a.loaded)
	return err
}

func (a *App) loadSteps(ctx context.Context) error {
	if a.fresh {
		if err := a.rebuild(ctx); err != nil {
			return err
		}
	}
	a.set(health.NamesIndex, health.Loading)
	if err := a.Registry.ApplyOutbox(ctx); err != nil {
		return fmt.Errorf("apply pending index updates: %w", err)
	}
	a.set(health.NamesIndex, health.Ready)
	if !a.opt.NoWellKnownMarks {
		if _, err := a.Registry.SeedWellKnown(ctx); err != nil {
			return fmt.Errorf("seed well-known marks: %w", err)
		}
	}
	a.set(health.MarksIndex, health.Ready)
	if a.opt.Demo {
		n, err := demo.Seed(ctx, a.Store, a.Registry)
		if err != nil {
			return fmt.Errorf("seed demo registry: %w", err)
		}
		if n > 0 {
			a.log.Info("demo registry seeded", "names", n)
		}
		a.set(health.Demo, health.Ready)
	}
	return nil
}

// rebuild fills fresh indexes from the store. The store records that a
// rebuild runs until it is over, so that one cut short is not taken for a
// complete index at the next start.
func (a *App) rebuild(ctx context.Context) error {
	persistent := a.opt.DataDir != ""
	if persistent {
		err := a.Store.Update(func(tx *store.Tx) error {
			return tx.Put(rebuildKey, time.Now().UTC().Format(time.RFC3339))
		})
		if err != nil {
			return fmt.Errorf("record the index rebuild: %w", err)
		}
	}
	start := time.Now()
	n, err := a.Registry.Reindex(registry.WithReindexObserver(ctx, a.logProgress()))
	if err != nil {
		return err
	}
	if persistent {
		if err := a.Store.Update(func(tx *store.Tx) error { return tx.Delete(rebuildKey) }); err != nil {
			return fmt.Errorf("record the index rebuild: %w", err)
		}
	}
	if n > 0 {
		a.log.Info("name index rebuilt from the store", "names", n, "took", time.Since(start).Round(time.Millisecond).String())
	}
	return nil
}

// logProgress logs a rebuild when it starts and at every tenth of the way.
func (a *App) logProgress() func(done, total int64) {
	last := int64(-1)
	return func(done, total int64) {
		tenth := int64(0)
		if total > 0 {
			tenth = done * 10 / total
		}
		if done > 0 && tenth == last {
			return
		}
		last = tenth
		switch {
		case done == 0 && total == 0: // a new, empty data directory
			a.log.Debug("rebuilding the name index from the store", "total", total)
			return
		case done == 0:
			a.log.Info("rebuilding the name index from the store", "total", total)
			return
		}
		a.log.Info("rebuilding the name index", "done", done, "total", total)
	}
}

func (a *App) set(component string, s health.State) {
	a.mu.Lock()
	a.states[component] = s
	a.mu.Unlock()
	a.updateReady()
}

// updateReady records whether every component is ready. It runs after
// every change of state, under a.mu so that the last call sees every
// change before it.
func (a *App) updateReady() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r := a.reportLocked(); r.Ready() {
		a.ready.Store(&r)
	}
}

// Report is the state of every component: store, names_index, marks_index,
// scope and, with --demo, demo. While the name index is rebuilt it carries
// the rebuild's progress. The caller must not modify the report.
func (a *App) Report() health.Report {
	if r := a.ready.Load(); r != nil {
		return *r
	}
	return a.report()
}

func (a *App) report() health.Report {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.reportLocked()
}

func (a *App) reportLocked() health.Report {
	r := make(health.Report, len(a.states)+1)
	for c, s := range a.states {
		r[c] = health.Component{State: s}
	}
	if c := r[health.NamesIndex]; c.State == health.Rebuilding {
		c.Done, c.Total, _ = a.Registry.ReindexProgress()
		r[health.NamesIndex] = c
	}
	return r
}

// Ready reports whether every component is ready.
func (a *App) Ready() bool { return a.ready.Load() != nil }

// Loaded is closed once the indexes are up to date and the seeding is
// over (at once unless Options.Background); LoadErr then tells whether
// that failed.
func (a *App) Loaded() <-chan struct{} { return a.loaded }

// LoadErr is the error of the background loading, once Loaded is closed.
func (a *App) LoadErr() error {
	select {
	case <-a.loaded:
		return a.loadErr
	default:
		return nil
	}
}

// WaitReady waits until every component is ready, or returns the error
// that keeps one from becoming ready, or ctx's.
func (a *App) WaitReady(ctx context.Context) error {
	select {
	case <-a.loaded:
		if a.loadErr != nil {
			return a.loadErr
		}
	case <-ctx.Done():
		return ctx.Err()
	}
	_, err := a.WaitScope(ctx)
	return err
}

// StartScope starts loading the business-scope service in the background
// on the store's active catalogue (or the embedded default); later calls
// do nothing.
func (a *App) StartScope() {
	a.scopeOnce.Do(func() {
		a.scopeOn.Store(true)
		go a.loadScope(a.ctx)
	})
}

func (a *App) loadScope(ctx context.Context) {
	defer close(a.scopeDone)
	stores := scope.NewDBStores(a.Store)
	opts := []scope.Option{scope.WithNoticeStore(stores)}
	if a.opt.Clock != nil {
		opts = append(opts, scope.WithClock(a.opt.Clock))
	}
	svc, err := scope.NewService(ctx, stores, opts...)
	if err != nil {
		a.scopeErr = fmt.Errorf("load business-scope catalogue: %w", err)
		if ctx.Err() == nil {
			a.log.Error("scope service", "err", err)
		}
		a.set(health.Scope, health.Failed)
		return
	}
	a.scopeSvc.Store(svc)
	a.set(health.Scope, health.Ready)
}

// Scope returns the business-scope service, or nil while it is loading (or
// when it is not loaded).
func (a *App) Scope() *scope.Service { return a.scopeSvc.Load() }

// WaitScope waits for the business-scope service; it fails at once when
// its loading was not started.
func (a *App) WaitScope(ctx context.Context) (*scope.Service, error) {
	if !a.scopeOn.Load() {
		return nil, errors.New("the business-scope service is not loaded by this command")
	}
	select {
	case <-a.scopeDone:
		if a.scopeErr != nil {
			return nil, a.scopeErr
		}
		return a.scopeSvc.Load(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops the background loading (an unfinished index rebuild is
// started again at the next open), then closes the scope service, the
// indexes and the store. Requests must be over.
func (a *App) Close() error {
	a.closeOnce.Do(func() {
		a.cancel()
		<-a.loaded
		var scopeErr error
		if a.scopeOn.Load() {
			<-a.scopeDone
			if svc := a.scopeSvc.Load(); svc != nil {
				scopeErr = svc.Close()
			}
		}
		a.ready.Store(nil)
		a.closeErr = errors.Join(scopeErr, a.closeStores())
	})
	return a.closeErr
}

func (a *App) closeStores() error {
	var lex error
	if a.Lexicon != nil {
		lex = a.Lexicon.Close()
	}
	return errors.Join(lex, a.Names.Close(), a.Marks.Close(), a.Store.Close())
}

// servedBy refuses, in the applicant's words, the authorities outside
// cfg's list (restrict_to_served).
func servedBy(cfg *config.Config) func(code string) error {
	names := make([]string, len(cfg.Authorities))
	for i, a := range cfg.Authorities {
		names[i] = a.Name + "（" + a.Code + "）"
	}
	list := strings.Join(names, "、")
	return func(code string) error {
		if cfg.Serves(code) {
			return nil
		}
		return apperr.Invalid("本系统不受理登记机关 authority_code=%q 的名称申报，受理范围：%s", code, list)
	}
}
