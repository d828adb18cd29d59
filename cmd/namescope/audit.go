package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
)

// auditCmd runs the store audits: `audit duplicates` lists the pairs of
// enterprises whose names the law treats as identical (Reg 734 Art 17),
// which registrar synchronisation, imports or a store older than the
// in-transaction decision may have left.
func auditCmd(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "duplicates" {
		return errors.New("usage: namescope audit duplicates [--data DIR] [--json]")
	}
	fs := flag.NewFlagSet("audit duplicates", flag.ContinueOnError)
	var common commonFlags
	common.register(ctx, fs)
	asJSON := fs.Bool("json", false, "print the pairs as JSON")
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		return err
	}
	a, err := common.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	pairs, err := a.Registry.Duplicates(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, map[string]any{"pairs": pairs, "total": len(pairs)})
	}
	for _, p := range pairs {
		fmt.Fprintf(out, "%s\t%s\t%s %s（%s）\t%s %s（%s）\n", p.Scope, p.TradeName,
			p.A.Name, orDash(p.A.USCC), p.A.Status, p.B.Name, orDash(p.B.USCC), p.B.Status)
	}
	fmt.Fprintf(out, "identical pairs: %d\n", len(pairs))
	return nil
}
