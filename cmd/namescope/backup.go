package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"namescope/api"
	"namescope/internal/app"
)

// backupCmd writes a backup of the store to --out: through a running
// server (--server, --key: an admin token), or from a data directory no
// server holds (--data). It prints the version to pass as --since next
// time, alone on its last line.
func backupCmd(ctx context.Context, args []string, out io.Writer, _ *slog.Logger) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := fs.String("data", env("NAMESCOPE_DATA", "namescope-data"), "data directory, when no server holds it; env NAMESCOPE_DATA")
	server := fs.String("server", env("NAMESCOPE_SERVER", ""), "base URL of the running server (http://127.0.0.1:8080); env NAMESCOPE_SERVER")
	key := fs.String("key", env("NAMESCOPE_KEY", ""), "an admin token of the server; env NAMESCOPE_KEY")
	outPath := fs.String("out", "", "the backup file to write")
	since := fs.Uint64("since", 0, "version printed by the previous backup: only what changed after it (0: everything)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("backup takes no arguments (got %q): --out FILE names the backup", pos)
	}
	if *outPath == "" {
		return errors.New("backup: 缺少 --out FILE（备份文件）")
	}
	if *server != "" && *key == "" {
		return errors.New("backup: --server 需要 --key（管理员密钥）")
	}
	// Written beside the file and renamed once complete: a failed backup
	// leaves no file that looks like one.
	tmp, err := os.CreateTemp(filepath.Dir(*outPath), "."+filepath.Base(*outPath)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	var next uint64
	if *server != "" {
		next, err = backupOnline(ctx, *server, *key, *since, tmp)
	} else {
		next, err = app.BackupDir(*data, tmp, *since)
	}
	if err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	info, err := tmp.Stat()
	if err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *outPath); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s (%d bytes, since %d); the next incremental backup takes --since:\n%d\n", *outPath, info.Size(), *since, next)
	return nil
}

// backupOnline streams GET /api/v1/admin/backup into w and returns the
// version of its trailer.
func backupOnline(ctx context.Context, server, key string, since uint64, w io.Writer) (uint64, error) {
	u := strings.TrimRight(server, "/") + "/api/v1/admin/backup?since=" + url.QueryEscape(strconv.FormatUint(since, 10))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("无法连接服务 %s：%w", server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var answer struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(raw, &answer) == nil && answer.Error.Message != "" {
			return 0, fmt.Errorf("服务拒绝备份（%d %s）：%s", resp.StatusCode, answer.Error.Code, answer.Error.Message)
		}
		return 0, fmt.Errorf("服务拒绝备份（%d）：%s", resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	body, done := progressReader(resp.Body, resp.ContentLength, "backup")
	defer done()
	if _, err := io.Copy(w, body); err != nil {
		return 0, fmt.Errorf("备份传输中断：%w", err)
	}
	// The trailers are read with the end of the body.
	if msg := resp.Trailer.Get(api.HeaderBackupError); msg != "" {
		return 0, fmt.Errorf("服务端备份失败：%s", msg)
	}
	v := resp.Trailer.Get(api.HeaderBackupVersion)
	next, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("备份不完整：服务没有给出版本号（%s %q）", api.HeaderBackupVersion, v)
	}
	return next, nil
}

// restoreCmd loads backup files (a full backup, then its incremental ones
// in order) into a new, empty data directory; the first start rebuilds the
// indexes.
func restoreCmd(_ context.Context, args []string, out io.Writer, _ *slog.Logger) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	data := fs.String("data", "", "the new (empty or missing) data directory to restore into")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return errors.New("restore: 缺少备份文件（先全量备份，再按顺序列出增量备份）")
	}
	if *data == "" {
		return errors.New("restore: 缺少 --data NEWDIR（新的空数据目录）")
	}
	var readers []io.Reader
	for _, p := range pos {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		r, done := fileProgress(f, "restore "+p)
		defer done()
		readers = append(readers, r)
	}
	version, err := app.Restore(*data, readers...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %d backup file(s) into %s (data format %d); the indexes are rebuilt at the first start\n", len(pos), *data, version)
	if version > app.FormatVersion {
		fmt.Fprintf(out, "note: data format %d is newer than this namescope supports (%d): open it with a newer namescope\n", version, app.FormatVersion)
	}
	return nil
}
