package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"namescope/internal/app"
	"namescope/scope"
)

const scopeUsage = `usage:
  namescope scope search TEXT [--kind general|licensed|filing] [--industry CODE] [--limit 10] [--json]
  namescope scope compose CODE... [--industry CODE] [--json]
  namescope scope normalize TEXT [--json]
  namescope scope import FILE [--format official|native|csv|xlsx]
  namescope scope versions
`

// scopeCmd runs the business-scope commands on the data directory.
func scopeCmd(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		return errors.New(strings.TrimSpace(scopeUsage))
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("scope "+sub, flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	kind := fs.String("kind", "", "entry kind filter")
	industry := fs.String("industry", "", "GB/T 4754-2017 code")
	limit := fs.Int("limit", 10, "hits to show")
	format := fs.String("format", "", "catalogue file format (default from the file name)")
	asJSON := fs.Bool("json", false, "print JSON, as the HTTP API does")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	opts, err := common.options()
	if err != nil {
		return err
	}
	opts.Scope = true
	a, err := app.Open(ctx, opts, log)
	if err != nil {
		return err
	}
	defer a.Close()
	svc, err := a.WaitScope(ctx)
	if err != nil {
		return err
	}
	var result any
	switch sub {
	case "search":
		q := scope.Query{Text: strings.Join(pos, " "), Industry: *industry, Limit: *limit}
		if *kind != "" {
			if q.Kind, err = scope.ParseKind(*kind); err != nil {
				return err
			}
		}
		res, err := svc.Search(ctx, q)
		if err != nil {
			return err
		}
		if !*asJSON {
			for _, h := range res.Hits {
				fmt.Fprintf(out, "%s\t%s\t%s\n", h.Code, h.Kind, h.Wording)
			}
			return nil
		}
		result = res
	case "compose":
		res, err := svc.Compose(ctx, scope.ComposeRequest{Codes: pos, Industry: *industry})
		if err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintln(out, res.Text)
			return nil
		}
		result = res
	case "normalize":
		res, err := svc.Normalize(ctx, strings.Join(pos, " "))
		if err != nil {
			return err
		}
		result = res
	case "import":
		if len(pos) != 1 {
			return errors.New("scope import takes one file")
		}
		f := scope.Format(*format)
		if f == "" {
			if f, err = scope.FormatOf(pos[0]); err != nil {
				return err
			}
		} else if f, err = scope.ParseFormat(*format); err != nil {
			return err
		}
		file, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer file.Close()
		r, done := fileProgress(file, "scope import")
		defer done()
		cat, err := scope.Load(f, r, pos[0])
		if err != nil {
			return err
		}
		info, err := svc.Import(ctx, cat)
		if err != nil {
			return err
		}
		result = info
	case "versions":
		v, err := svc.Versions(ctx)
		if err != nil {
			return err
		}
		result = v
	default:
		return fmt.Errorf("unknown scope command %q\n%s", sub, scopeUsage)
	}
	return writeJSON(out, result)
}
