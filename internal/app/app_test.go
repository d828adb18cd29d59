package app_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"namescope/internal/app"
	"namescope/internal/health"
	"namescope/registry"
)

// tap is a slog handler that hands every record's message to fn, in the
// goroutine that logs.
type tap struct{ fn func(msg string) }

func (h tap) Enabled(context.Context, slog.Level) bool      { return true }
func (h tap) Handle(_ context.Context, r slog.Record) error { h.fn(r.Message); return nil }
func (h tap) WithAttrs([]slog.Attr) slog.Handler            { return h }
func (h tap) WithGroup(string) slog.Handler                 { return h }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newData returns a data directory holding n names, its indexes removed.
func newData(t *testing.T, n int) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	a, err := app.Open(context.Background(), app.Options{DataDir: data}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("name\n")
	trade := []rune("澄霁璟翊昕棠筠砚淳芮")
	for i := 0; i < n; i++ {
		csv.WriteString("平顶山市" + string(trade[i%len(trade)]) + string(trade[(i/len(trade)+1+i)%len(trade)]) + []string{"科技", "商贸", "物流"}[i%3] + "有限公司\n")
	}
	if _, err := a.Registry.Import(context.Background(), strings.NewReader(csv.String()),
		registry.ImportOptions{AuthorityCode: "410400", IndustryFromName: true}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := app.RemoveIndexes(data); err != nil {
		t.Fatal(err)
	}
	return data
}

// A rebuild cut short (the context of Open ends: Ctrl-C, or SIGTERM of
// serve) is not taken for a complete index: the next Open rebuilds it.
func TestUnfinishedRebuildIsDoneAgain(t *testing.T) {
	data := newData(t, 30)
	var (
		mu   sync.Mutex
		msgs []string
	)
	ctx, cut := context.WithCancel(context.Background())
	defer cut()
	log := slog.New(tap{func(msg string) {
		mu.Lock()
		msgs = append(msgs, msg)
		mu.Unlock()
		if msg == "rebuilding the name index from the store" {
			cut()
		}
	}})
	if a, err := app.Open(ctx, app.Options{DataDir: data}, log); err == nil {
		a.Close()
		t.Fatal("Open finished a rebuild whose context ended")
	}

	for _, tc := range []struct {
		name string
		want string // a log message of the open
	}{
		{"the open after the cut rebuilds", "the last index rebuild did not finish: rebuilding"},
		{"the open after a finished rebuild does not", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			msgs = nil
			mu.Unlock()
			a, err := app.Open(context.Background(), app.Options{DataDir: data}, log)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			mu.Lock()
			got := strings.Join(msgs, "\n")
			mu.Unlock()
			if tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("log %q lacks %q", got, tc.want)
			}
			if tc.want == "" && strings.Contains(got, "rebuild") {
				t.Errorf("rebuilt again: %q", got)
			}
			if n, _ := a.Names.Count(); n != 30 {
				t.Errorf("%d names in the index, want 30", n)
			}
			if c := a.Report()[health.NamesIndex]; c.State != health.Ready {
				t.Errorf("names_index %+v", c)
			}
		})
	}
}
