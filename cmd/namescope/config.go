package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"namescope/config"
)

type configKey struct{}

// withConfig carries the configuration that run resolved (file and
// environment) to the command.
func withConfig(ctx context.Context, c *config.Config) context.Context {
	return context.WithValue(ctx, configKey{}, c)
}

// configFrom is the configuration of ctx, or the defaults (a command run
// without run's resolution, in a test).
func configFrom(ctx context.Context) *config.Config {
	if c, ok := ctx.Value(configKey{}).(*config.Config); ok {
		return c
	}
	return config.Default()
}

// configFlag takes --config FILE (or --config=FILE, -config …) out of a
// command's arguments: the file is read before the command's own flags,
// whose defaults it sets.
func configFlag(args []string) (path string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", nil, errors.New("--config 需要一个配置文件路径")
			}
			i++
			value = args[i]
		}
		path = value
	}
	return path, rest, nil
}

// serveFlags registers the flags of `serve` over cfg (their defaults are
// its values) and returns what applies those that need more than a
// plain assignment, to call after parsing.
func serveFlags(fs *flag.FlagSet, cfg *config.Config) func() error {
	fs.StringVar(&cfg.Server.Addr, "addr", cfg.Server.Addr, "listen address; env NAMESCOPE_ADDR, config server.addr")
	fs.IntVar(&cfg.Limits.PublicRatePerMinute, "rate", cfg.Limits.PublicRatePerMinute, "public requests per minute per client IP (0 = unlimited); env NAMESCOPE_RATE, config limits.public_rate_per_minute")
	fs.DurationVar(&cfg.Limits.SearchTimeout, "search-timeout", cfg.Limits.SearchTimeout, "bound on the work of one check or search; env NAMESCOPE_SEARCH_TIMEOUT, config limits.search_timeout")
	proxies := fs.String("trusted-proxies", strings.Join(cfg.Proxy.Trusted, ","), "reverse proxies whose X-Forwarded-For names the client, comma-separated addresses or CIDR prefixes; env NAMESCOPE_TRUSTED_PROXIES, config proxy.trusted")
	authorities := fs.String("authorities", "", "authorities served, comma-separated division codes (replaces the configured list; configured ones keep their texts); env NAMESCOPE_AUTHORITIES")
	def := fs.String("default-authority", "", "the authority the pages and checks start with; env NAMESCOPE_DEFAULT_AUTHORITY, config default = true")
	fs.BoolVar(&cfg.Server.RestrictToServed, "restrict-to-served", cfg.Server.RestrictToServed, "refuse checks naming an authority outside those served; env NAMESCOPE_RESTRICT_TO_SERVED, config server.restrict_to_served")
	fs.BoolVar(&cfg.Metrics.Restricted, "metrics-restricted", cfg.Metrics.Restricted, "require an admin key for the metrics; env NAMESCOPE_METRICS_RESTRICTED, config metrics.restricted")
	fs.BoolVar(&cfg.Metrics.AccessLog, "access-log", cfg.Metrics.AccessLog, "log one JSON line per request to standard error (request id, method, route, status, duration, role); env NAMESCOPE_ACCESS_LOG, config metrics.access_log")
	return func() error {
		cfg.Proxy.Trusted = []string{}
		for _, p := range strings.Split(*proxies, ",") {
			if p = strings.TrimSpace(p); p != "" {
				cfg.Proxy.Trusted = append(cfg.Proxy.Trusted, p)
			}
		}
		if err := cfg.SetAuthorities(*authorities, *def); err != nil {
			return fmt.Errorf("--default-authority: %w", err)
		}
		return cfg.Validate()
	}
}

const configUsage = `usage:
  namescope config print [--config FILE] [serve's flags]
      print the effective configuration (defaults < file < NAMESCOPE_* < flags) as TOML that --config reads back
`

// configCmd runs `namescope config print`.
func configCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "print" {
		return errors.New(strings.TrimSpace(configUsage))
	}
	fs := flag.NewFlagSet("config print", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	settle := serveFlags(fs, common.cfg)
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("config print takes no argument, got %q", pos[0])
	}
	if err := settle(); err != nil {
		return err
	}
	fmt.Fprintln(out, "# namescope: the effective configuration (defaults < --config file < NAMESCOPE_* < flags)")
	return common.cfg.Encode(out)
}
