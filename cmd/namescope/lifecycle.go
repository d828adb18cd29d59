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

	"namescope/lifecycle"
)

// lifecycleUsage documents the lifecycle commands.
const lifecycleUsage = `usage:
  namescope lifecycle sweep [--data DIR]
      release expired reservations and list enterprises that did not change an ordered name in time
  namescope lifecycle holidays YEAR [--import FILE.tsv] [--data DIR]
      print a year's holiday calendar as TSV, or replace it from a TSV file (date<TAB>holiday|workday<TAB>name, "# source: …")
`

// lifecycleCmd runs the lifecycle administration commands on the data
// directory (with the server stopped, as for keys).
func lifecycleCmd(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		return errors.New(strings.TrimSpace(lifecycleUsage))
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("lifecycle "+sub, flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	importFile := fs.String("import", "", "TSV file that replaces the year's holiday calendar")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch sub {
	case "sweep", "holidays":
	default:
		return fmt.Errorf("unknown lifecycle command %q\n%s", sub, lifecycleUsage)
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "sweep":
		rep, err := a.Lifecycle.Sweep(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "released %d expired reservations, listed %d enterprises as abnormal\n", rep.Released, rep.Flagged)
		return nil
	}
	if len(pos) != 1 {
		return errors.New(strings.TrimSpace(lifecycleUsage))
	}
	year, err := lifecycle.ParseYear(pos[0])
	if err != nil {
		return err
	}
	if *importFile != "" {
		b, err := os.ReadFile(*importFile)
		if err != nil {
			return err
		}
		y, err := lifecycle.ParseHolidayTSV(year, b)
		if err != nil {
			return err
		}
		if _, err := a.Lifecycle.ReplaceHolidays(ctx, "cli", y); err != nil {
			return err
		}
	}
	y, known := a.Lifecycle.Holidays(ctx, year)
	if !known {
		fmt.Fprintf(out, "# %d: no official arrangement in the calendar; only weekends are days off\n", year)
		return nil
	}
	_, err = io.WriteString(out, strings.TrimRight(string(y.TSV()), "\n")+"\n")
	return err
}
