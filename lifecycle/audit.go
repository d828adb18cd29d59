package lifecycle

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// AuditQuery filters the audit log. Entries come oldest first; After is the
// cursor (the seq of the last entry of the previous page).
type AuditQuery struct {
	From, To     time.Time // inclusive bounds on the entry time; zero = open
	Actor        string    // exact actor, e.g. staff:1a2b3c4d5e6f
	ObjectPrefix string    // e.g. dispute/ or name/R0000000001
	After        uint64
	Limit        int
}

// AuditRecord is one audit entry as written, with its sequence number.
type AuditRecord struct {
	Seq   uint64          `json:"seq"`
	Entry json.RawMessage `json:"entry"`
}

// AuditPage is one page of the audit log.
type AuditPage struct {
	Entries []AuditRecord `json:"entries"`
	// Next is the cursor of the next page ("" at the end of the log).
	Next string `json:"next"`
}

// auditScanCap bounds the entries one page reads, so that a narrow filter
// over a long log answers in bounded time; the page then ends early with a
// cursor to continue from.
const auditScanCap = 50000

// Audit reads the audit log. Nothing can change it through this package.
func (s *Service) Audit(ctx context.Context, q AuditQuery) (*AuditPage, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	if q.Limit > 1000 {
		return nil, apperr.Invalid("limit 最大为 1000")
	}
	page := &AuditPage{Entries: []AuditRecord{}}
	start := ""
	if q.After > 0 {
		start = store.AuditKey(q.After + 1)
	}
	scanned := 0
	var last uint64
	more := false
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixAudit, start, false, func(key string, v []byte) (bool, error) {
			seq, err := strconv.ParseUint(store.IDOf(key, store.PrefixAudit), 16, 64)
			if err != nil {
				return false, err
			}
			if len(page.Entries) == q.Limit || scanned == auditScanCap {
				more = true
				return false, nil
			}
			scanned++
			last = seq
			var head struct {
				At     time.Time `json:"at"`
				Actor  string    `json:"actor"`
				Object string    `json:"object"`
			}
			if err := json.Unmarshal(v, &head); err != nil {
				return false, err
			}
			switch {
			case !q.From.IsZero() && head.At.Before(q.From),
				!q.To.IsZero() && head.At.After(q.To),
				q.Actor != "" && head.Actor != q.Actor,
				q.ObjectPrefix != "" && !strings.HasPrefix(head.Object, q.ObjectPrefix):
				return true, ctx.Err()
			}
			page.Entries = append(page.Entries, AuditRecord{Seq: seq, Entry: append(json.RawMessage(nil), v...)})
			return true, ctx.Err()
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	if more {
		page.Next = strconv.FormatUint(last, 10)
	}
	return page, nil
}
