package api

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"namescope/apperr"
	"namescope/auth"
)

// Backup answers carry these: the version to pass as since for the next
// (incremental) backup, a trailer sent once the whole backup is written,
// and the since the backup was made from, a header.
const (
	HeaderBackupVersion = "X-Namescope-Backup-Version"
	HeaderBackupSince   = "X-Namescope-Backup-Since"
	// HeaderBackupError is a trailer sent instead of the version when the
	// backup failed after it started: the body is incomplete.
	HeaderBackupError = "X-Namescope-Backup-Error"
)

// backupRoutes adds the online backup of the store (admin).
func (h *handlers) backupRoutes(v1 fiber.Router) {
	if h.Backup == nil {
		return
	}
	v1.Get("/admin/backup", h.require(auth.RoleAdmin), h.backup)
}

// backup streams badger's backup of every entry of version since or later
// (0 or none: everything), from a snapshot taken when it starts; writes go
// on meanwhile. The version to pass as since next time follows the body in
// the trailer X-Namescope-Backup-Version; a backup that failed half-way
// ends with the trailer X-Namescope-Backup-Error instead.
func (h *handlers) backup(c *fiber.Ctx) error {
	since := uint64(0)
	if q := c.Query("since"); q != "" {
		v, err := strconv.ParseUint(q, 10, 64)
		if err != nil {
			return apperr.Invalid("since 应为上次备份给出的版本号（非负整数）")
		}
		since = v
	}
	actor := actor(c)
	h.Log.Info("backup started", "actor", actor, "since", since, "request_id", c.GetRespHeader(fiber.HeaderXRequestID))
	rc := c.Context()
	resp := &rc.Response
	if err := resp.Header.AddTrailer(HeaderBackupVersion); err != nil {
		return err
	}
	if err := resp.Header.AddTrailer(HeaderBackupError); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="namescope.bak"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(HeaderBackupSince, strconv.FormatUint(since, 10))
	backup, log, conn := h.Backup, h.Log, rc.Conn()
	rc.SetBodyStreamWriter(func(w *bufio.Writer) {
		next, err := backup(&deadlineWriter{w: w, conn: conn}, since)
		if err == nil {
			err = w.Flush()
		}
		// The trailers are written after the body, which ends when this
		// function returns.
		if err != nil {
			log.Error("backup failed", "actor", actor, "since", since, "err", err)
			resp.Header.Set(HeaderBackupError, "备份未完成")
			return
		}
		resp.Header.Set(HeaderBackupVersion, strconv.FormatUint(next, 10))
		log.Info("backup written", "actor", actor, "since", since, "next_since", next)
	})
	return nil
}

// backupWriteTimeout is how long one write of a backup may take: the
// server's write timeout (30 s) bounds a whole answer, which a large
// backup exceeds, so every write of the backup moves the deadline on.
const backupWriteTimeout = time.Minute

// deadlineWriter moves the connection's write deadline on as the backup is
// written (at most once a second).
type deadlineWriter struct {
	w     io.Writer
	conn  net.Conn
	moved time.Time
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	if now := time.Now(); d.conn != nil && now.Sub(d.moved) >= time.Second {
		d.moved = now
		_ = d.conn.SetWriteDeadline(now.Add(backupWriteTimeout))
	}
	return d.w.Write(p)
}
