// Command namescope is the one binary of the service: it serves the HTTP API
// and runs the administrative commands on the same data directory.
//
//	namescope serve   [--addr :8080] [--data DIR] [--demo]
//	namescope check   NAME [--authority CODE] [--industry I65] [--ent-type T] [--json]
//	namescope import  FILE.csv [--data DIR] [--authority CODE] [--industry-from-name]
//	namescope reindex [--data DIR]
//	namescope keys    create --role registrar|staff|admin|partner [--holder NAME] [--dept DEPT] [--label L] | list | revoke ID
//	namescope backup  --server URL --key ADMIN_TOKEN --out FILE [--since V] | --data DIR --out FILE
//	namescope restore FILE [FILE...] --data NEWDIR
//	namescope config  print [--config FILE]
//
// Every command reads the bureau's configuration (package config): the
// defaults, then the TOML file of --config FILE or NAMESCOPE_CONFIG, then
// the NAMESCOPE_* variables (NAMESCOPE_ADDR, NAMESCOPE_DATA …), then the
// flags. With no configuration at all `namescope serve` runs on the
// embedded defaults.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"namescope/api"
	"namescope/apperr"
	"namescope/auth"
	"namescope/config"
	"namescope/internal/app"
	"namescope/name"
	"namescope/registry"
)

const usage = `namescope — 企业名称自主申报核名与经营范围规范化服务

usage:
  namescope serve   [--addr :8080] [--data DIR] [--demo] [--rate N] [--trusted-proxies CIDR,...] [--industry-level division]
                    [--authorities CODE,...] [--default-authority CODE] [--restrict-to-served] [--search-timeout 2s] [--metrics-restricted]
                    [--access-log=false]
  namescope check   NAME [--authority CODE] [--industry CODE] [--ent-type TYPE] [--investor NAME]... [--foreign] [--data DIR] [--demo] [--json]
  namescope import  FILE.csv [--data DIR] [--authority CODE] [--status active] [--industry-from-name] [--default-industry CODE]
  namescope reindex [--data DIR]
  namescope keys    create --role registrar|staff|admin|partner [--holder NAME] [--dept DEPT] [--label TEXT] [--data DIR]
                    (staff keys name their holder and department, registrar keys their holder)
  namescope keys    list [--data DIR]
  namescope keys    revoke ID [--data DIR]
  namescope trademarks import FILE.csv [--data DIR]   (columns reg_no,mark,classes,holder,well_known)
  namescope lifecycle sweep [--data DIR]
  namescope scope   search TEXT | compose CODE... | normalize TEXT | import FILE | versions
  namescope lifecycle holidays YEAR [--import FILE.tsv] [--data DIR]
  namescope audit   duplicates [--data DIR] [--json]   (identical names already in the store)
  namescope backup  --server URL --key ADMIN_TOKEN --out FILE [--since VERSION]   (online, through the running server)
  namescope backup  --data DIR --out FILE [--since VERSION]                    (server stopped)
  namescope restore FILE [FILE...] --data NEWDIR   (a full backup, then its incremental ones, into a new directory)

  namescope config  print [--config FILE] [serve's flags]   (the effective configuration as TOML)

Configuration: every command takes --config FILE (or NAMESCOPE_CONFIG=FILE), a TOML file
(config.example.toml documents every key). Precedence: defaults < file < NAMESCOPE_* < flags.
Environment: NAMESCOPE_ADDR, NAMESCOPE_DATA, NAMESCOPE_DEMO, NAMESCOPE_RATE, NAMESCOPE_TRUSTED_PROXIES,
NAMESCOPE_INDUSTRY_LEVEL, NAMESCOPE_AUTHORITIES, NAMESCOPE_DEFAULT_AUTHORITY … override the file and
are overridden by the flags of the same name.
`

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// NAMESCOPE_CPUPROFILE=FILE writes a CPU profile of the command (for
	// looking into an import or a load run with `go tool pprof`).
	if path := os.Getenv("NAMESCOPE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	err := run(ctx, os.Args[1:], os.Stdout, log)
	stop()
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "namescope:", errText(err))
		os.Exit(1)
	}
}

func errText(err error) string {
	if apperr.CodeOf(err) != apperr.CodeInternal {
		return apperr.MessageOf(err)
	}
	return err.Error()
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// commonFlags are the flags every command that opens the data shares;
// their defaults are the configuration's (file, then NAMESCOPE_*).
type commonFlags struct {
	cfg *config.Config
}

func (c *commonFlags) register(ctx context.Context, fs *flag.FlagSet) {
	c.cfg = configFrom(ctx)
	s := &c.cfg.Server
	fs.StringVar(&s.Data, "data", s.Data, "data directory (store and indexes); env NAMESCOPE_DATA, config server.data")
	fs.BoolVar(&s.Demo, "demo", s.Demo, "seed the embedded demo registry (a few thousand names) once; env NAMESCOPE_DEMO")
	fs.StringVar(&s.IndustryLevel, "industry-level", s.IndustryLevel, "level at which industries are compared: section, division or group; env NAMESCOPE_INDUSTRY_LEVEL")
}

// options are the application's options after the flags, the
// configuration validated again.
func (c *commonFlags) options() (app.Options, error) {
	if err := c.cfg.Validate(); err != nil {
		return app.Options{}, err
	}
	s := c.cfg.Server
	return app.Options{DataDir: s.Data, Demo: s.Demo, IndustryLevel: s.IndustryLevel, Config: c.cfg}, nil
}

// open opens the application with the options of the flags.
func (c *commonFlags) open(ctx context.Context, log *slog.Logger) (*app.App, error) {
	opt, err := c.options()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, opt, log)
}

// parseInterspersed parses flags that may follow positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func run(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return nil
	}
	cmd, args := args[0], args[1:]
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(out, usage)
		return nil
	}
	path, args, err := configFlag(args)
	if err != nil {
		return err
	}
	if path == "" {
		path = os.Getenv("NAMESCOPE_CONFIG")
	}
	cfg, err := config.Resolve(path, os.LookupEnv)
	if err != nil {
		return err
	}
	ctx = withConfig(ctx, cfg)
	switch cmd {
	case "config":
		return configCmd(ctx, args, out)
	case "serve":
		return serve(ctx, args, log)
	case "check":
		return check(ctx, args, out, log)
	case "import":
		return importCSV(ctx, args, out, log)
	case "reindex":
		return reindex(ctx, args, out, log)
	case "keys":
		return keys(ctx, args, out, log)
	case "trademarks":
		return trademarks(ctx, args, out, log)
	case "lifecycle":
		return lifecycleCmd(ctx, args, out, log)
	case "scope":
		return scopeCmd(ctx, args, out, log)
	case "audit":
		return auditCmd(ctx, args, out, log)
	case "backup":
		return backupCmd(ctx, args, out, log)
	case "restore":
		return restoreCmd(ctx, args, out, log)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func serve(ctx context.Context, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	settle := serveFlags(fs, common.cfg)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if err := settle(); err != nil {
		return err
	}
	opts, err := common.options()
	if err != nil {
		return err
	}
	cfg := common.cfg
	trusted, err := api.ParseTrustedProxies(strings.Join(cfg.Proxy.Trusted, ","))
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	tuneGC()
	start := time.Now()
	// The port is open from the start: connections wait while the store and
	// the indexes open (quick), then /healthz answers, and /readyz says how
	// far the rest (an index rebuild, the scope catalogue) is.
	ln, err := net.Listen("tcp4", cfg.Server.Addr)
	if err != nil {
		return err
	}
	opts.Scope = true
	opts.Background = true
	a, err := app.Open(ctx, opts, log)
	if err != nil {
		ln.Close()
		return err
	}
	d := api.Deps{
		TrustedProxies: trusted,
		Checker:        a.Checker, Registry: a.Registry, Keys: a.Keys, Lifecycle: a.Lifecycle, Credit: a.Credit, Supervision: a.Supervision, Scope: a.Scope, Log: log,
		Feedback: a.Feedback, Lexicon: a.LexiconWords, Backup: a.Store.Backup,
		Readiness: a.Report, PublicRatePerMinute: cfg.Limits.PublicRatePerMinute,
		SearchTimeout: cfg.Limits.SearchTimeout, Authorities: cfg.Authorities,
		Metrics: a.NewMetrics(), MetricsRequireKey: cfg.Metrics.Restricted,
	}
	if cfg.Metrics.AccessLog {
		d.AccessLog = log
	}
	srv := api.New(d)
	errc := make(chan error, 1)
	go func() { errc <- srv.Listener(ln) }()
	log.Info("namescope serving", "addr", ln.Addr().String(), "data", cfg.Server.Data,
		"authority", cfg.DefaultAuthority().Code, "serving_after", time.Since(start).String())
	for _, w := range a.Lifecycle.CalendarWarnings() {
		log.Warn("holiday calendar", "warning", w)
	}

	bgCtx, stopBg := context.WithCancel(ctx)
	var bg sync.WaitGroup
	bg.Go(func() {
		if err := a.WaitReady(bgCtx); err == nil {
			log.Info("namescope ready", "ready_after", time.Since(start).String())
		}
	})
	// Expired reservations and missed name-change deadlines are also
	// applied when read; the sweeper makes them visible in lists. It starts
	// once the indexes are up to date.
	bg.Go(func() {
		select {
		case <-a.Loaded():
		case <-bgCtx.Done():
			return
		}
		if a.LoadErr() == nil {
			a.Lifecycle.RunSweeper(bgCtx, time.Hour, log)
		}
	})

	var runErr error
	loaded := a.Loaded()
wait:
	for {
		select {
		case runErr = <-errc:
			break wait
		case <-ctx.Done():
			break wait
		case <-loaded:
			loaded = nil
			if runErr = a.LoadErr(); runErr != nil {
				break wait
			}
		}
	}
	log.Info("shutting down")
	stopBg()
	// Requests in flight finish (for up to 10 s); then the sweeper and the
	// loading stop and the store is closed.
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.ShutdownWithContext(shutdown); err != nil {
		log.Error("shutdown", "err", err)
	}
	bg.Wait()
	if err := a.Close(); err != nil {
		return errors.Join(runErr, fmt.Errorf("close the store: %w", err))
	}
	if runErr == nil {
		log.Info("stopped")
	}
	return runErr
}

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func check(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	authority := fs.String("authority", common.cfg.DefaultAuthority().Code, "authority code (six-digit division code); default: the configuration's default authority")
	industry := fs.String("industry", "", "GB/T 4754-2017 industry code of the main business")
	entType := fs.String("ent-type", "", "enterprise type: limited_company, joint_stock, partnership_general, partnership_limited, sole_proprietorship, branch")
	foreign := fs.Bool("foreign", false, "foreign-invested enterprise")
	asJSON := fs.Bool("json", false, "print the answer as JSON, as the HTTP API does")
	var investors repeated
	fs.Var(&investors, "investor", "an investor's name (repeatable)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("check takes exactly one name")
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Checker.Check(ctx, name.Request{
		Name: pos[0], AuthorityCode: *authority, IndustryCode: *industry,
		EntType: *entType, Investors: investors, ForeignInvested: *foreign,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, res)
	}
	printResult(out, res)
	return nil
}

func importCSV(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	var opt registry.ImportOptions
	fs.StringVar(&opt.AuthorityCode, "authority", "", "authority code for rows without authority_code")
	fs.StringVar(&opt.Status, "status", "active", "status for rows without status")
	fs.BoolVar(&opt.IndustryFromName, "industry-from-name", false, "take a row's industry from its name's industry expression when it has no industry_code")
	fs.StringVar(&opt.DefaultIndustry, "default-industry", "", "industry code for rows that have none otherwise")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("import takes one CSV file (or - for standard input)")
	}
	var r io.Reader = os.Stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		var done func()
		r, done = fileProgress(f, "import")
		defer done()
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	opt.Actor = "cli"
	// A bulk load allocates heavily while building index segments; fewer
	// collections make it about a tenth faster. The soft limit is 3 GiB:
	// at 1 M names badger's compactions keep about 1 GB of table-builder
	// buffers on the Go heap (pooled, without jemalloc) beside some 0.5 GB
	// of live data, and under a 2 GiB limit the collector ran nearly back
	// to back (11 % of the CPU by the end of the load).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(3 << 30)
	}
	start := time.Now()
	rep, err := a.Registry.Import(ctx, r, opt)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(out, "imported %d, rejected %d in %.1fs (%.0f names/s)\n", rep.Imported, rep.Rejected, secs, float64(rep.Imported)/secs)
	for _, e := range rep.Errors {
		fmt.Fprintln(out, "  ", e)
	}
	if rep.Identical > 0 {
		fmt.Fprintf(out, "identical names (imported, to follow up): %d\n", rep.Identical)
		for _, e := range rep.IdenticalNames {
			fmt.Fprintln(out, "  ", e)
		}
	}
	return nil
}

func reindex(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	if err := a.Close(); err != nil {
		return err
	}
	// Drop the index and let opening rebuild it from the store.
	if err := app.RemoveIndexes(common.cfg.Server.Data); err != nil {
		return err
	}
	start := time.Now()
	observe, done := progressObserver("reindex")
	a, err = common.open(registry.WithReindexObserver(ctx, observe), log)
	done()
	if err != nil {
		return err
	}
	defer a.Close()
	n, _ := a.Names.Count()
	fmt.Fprintf(out, "reindexed %d names in %.1fs\n", n, time.Since(start).Seconds())
	return nil
}

func keys(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		return errors.New("keys: create, list or revoke")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	role := fs.String("role", "", "role of the new key: registrar, staff, admin or partner")
	label := fs.String("label", "", "a label to recognise the key by")
	holder := fs.String("holder", "", "the name of the person who holds the key (required for staff and registrar keys)")
	dept := fs.String("dept", "", "the holder's department (required for staff keys)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "create":
		key, token, err := a.Keys.Create(ctx, "cli", auth.NewKey{Role: *role, Label: *label, Holder: *holder, Dept: *dept})
		if err != nil {
			return err
		}
		who := ""
		if key.Holder != "" {
			who = " held by " + key.Signer().Name()
		}
		fmt.Fprintf(out, "created %s key %s%s (the token is shown once):\n%s\n", key.Role, key.ID, who, token)
	case "list":
		list, err := a.Keys.List(ctx)
		if err != nil {
			return err
		}
		for _, k := range list {
			state := "active"
			if k.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, state, k.CreatedAt.Format(time.RFC3339), k.Holder, k.Dept, k.Label)
		}
	case "revoke":
		if len(pos) != 1 {
			return errors.New("keys revoke takes one key id")
		}
		k, err := a.Keys.Revoke(ctx, "cli", pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "revoked %s\n", k.ID)
	default:
		return fmt.Errorf("keys: unknown subcommand %q", sub)
	}
	return nil
}

func trademarks(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New("trademarks: import FILE.csv")
	}
	fs := flag.NewFlagSet("trademarks import", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("trademarks import takes one CSV file")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	marks, err := readMarksCSV(f)
	if err != nil {
		return err
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := a.Registry.PutMarks(ctx, "cli", "cli import "+pos[0], marks)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %d trademarks\n", n)
	return nil
}

// tuneGC makes garbage collection rarer than Go's default unless GOGC or
// GOMEMLIMIT say otherwise: a check allocates about half a megabyte, and at
// hundreds of checks a second the default collects every second or two,
// which shows in the latency tail. A soft memory limit keeps the heap within
// the service's memory budget.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1000 << 20)
	}
}
