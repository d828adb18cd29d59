package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runLifecycle(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := lifecycleCmd(context.Background(), args, &out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return out.String(), err
}

func TestLifecycleCLI(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	out, err := runLifecycle(t, "holidays", "2025", "--data", data)
	if err != nil || !strings.Contains(out, "2025-10-11\tworkday") || !strings.Contains(out, "国办发明电〔2024〕12号") {
		t.Fatalf("holidays 2025: %v\n%s", err, out)
	}
	if out, _ = runLifecycle(t, "holidays", "2027", "--data", data); !strings.Contains(out, "only weekends") {
		t.Fatalf("holidays 2027: %s", out)
	}
	file := filepath.Join(t.TempDir(), "2027.tsv")
	if err := os.WriteFile(file, []byte("# source: 测试\n2027-01-01\tholiday\t元旦\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runLifecycle(t, "holidays", "2027", "--import", file, "--data", data); err != nil {
		t.Fatal(err)
	}
	if out, _ = runLifecycle(t, "holidays", "2027", "--data", data); !strings.Contains(out, "2027-01-01\tholiday\t元旦") {
		t.Fatalf("imported 2027: %s", out)
	}
	if out, err = runLifecycle(t, "sweep", "--data", data); err != nil || !strings.Contains(out, "released 0") {
		t.Fatalf("sweep: %v %s", err, out)
	}
	if _, err = runLifecycle(t, "nope", "--data", data); err == nil {
		t.Fatal("unknown subcommand accepted")
	}
}
