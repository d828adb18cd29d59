package registry

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"namescope/apperr"
	"namescope/index"
	"namescope/name"
	"namescope/store"
)

// ImportOptions are the defaults for columns a CSV file lacks.
type ImportOptions struct {
	AuthorityCode string // used when a row has no authority_code
	Status        string // used when a row has no status (default active)
	// IndustryFromName takes a row's industry from its name's industry
	// expression when the row has no industry_code.
	IndustryFromName bool
	DefaultIndustry  string // used when neither gives one
	Actor            string
	BatchSize        int // records per transaction (default 5000)
}

// ImportReport says what an import did.
type ImportReport struct {
	Imported int      `json:"imported"`
	Rejected int      `json:"rejected"`
	Errors   []string `json:"errors,omitempty"` // the first rejected rows, with reasons
	// Identical counts imported rows whose name the law treats as identical
	// to another enterprise's in the store (Reg 734 Art 17): they are
	// imported (the registration system decided them), and reported.
	Identical      int      `json:"identical"`
	IdenticalNames []string `json:"identical_names,omitempty"` // the first of them
}

// maxReportedErrors bounds the errors an import report lists.
const maxReportedErrors = 50

// Import reads enterprises from CSV with a header row. Recognised columns:
// name, uscc (or unified_social_credit_code), status, status_date,
// industry_code, authority_code, ent_type, investors (separated by ; or ；).
// Valid rows are written in batches, each one transaction with its outbox
// entries, and indexed before the next batch; invalid rows are reported.
func (s *Service) Import(ctx context.Context, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	if opt.BatchSize <= 0 {
		// Larger batches make fewer index segments, and so fewer merges.
		opt.BatchSize = 5000
	}
	if opt.Status == "" {
		opt.Status = "active"
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, apperr.Invalid("CSV 缺少表头：%v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "unified_social_credit_code" {
			h = "uscc"
		}
		col[h] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, apperr.Invalid("CSV 表头缺少 name 列")
	}
	rep := &ImportReport{}
	// Records are parsed ahead on their own goroutine (readRows) and
	// committed here in file order while up to two batches are indexed
	// concurrently: building index segments is single-threaded per batch
	// and dominates a bulk load.
	w := newBatchWriter(ctx, s, opt.Actor, rep)
	done := make(chan struct{})
	defer close(done)
	var batch []importRow
	seen := map[string]bool{} // ids in this import: a repeated one waits for the earlier write
	for chunk := range s.readRows(cr, col, opt, done) {
		for _, it := range chunk {
			if it.err != nil {
				rep.reject(it.line, it.err)
				continue
			}
			e := it.e
			if e.ID != "" && seen[e.ID] {
				if err := w.flush(batch); err != nil {
					return rep, err
				}
				rep.Imported += len(batch)
				batch = nil
				if err := w.wait(); err != nil {
					return rep, err
				}
				clear(seen)
			}
			if e.ID != "" {
				seen[e.ID] = true
			}
			batch = append(batch, importRow{line: it.line, e: e, cmp: it.cmp})
			if len(batch) == opt.BatchSize {
				if err := w.flush(batch); err != nil {
					return rep, err
				}
				rep.Imported += len(batch)
				batch = nil
			}
		}
	}
	if err := w.flush(batch); err != nil {
		return rep, err
	}
	rep.Imported += len(batch)
	if err := w.wait(); err != nil {
		return rep, err
	}
	// A bulk load leaves many small segments, and a check opens every term
	// in every segment: merge them now rather than on the first checks,
	// while the identical names are looked up in the store.
	compacted := make(chan error, 1)
	go func() {
		if rep.Imported < compactAfter {
			compacted <- nil
			return
		}
		compacted <- s.idx.Compact(ctx)
	}()
	reported := w.report()
	if err := errors.Join(<-compacted, reported); err != nil {
		return rep, apperr.Internal(err)
	}
	return rep, nil
}

// importItem is a row of the file read and validated: the record to write,
// or why the row is rejected.
type importItem struct {
	line int
	e    *Enterprise
	cmp  name.Compared // what the identical-name report compares of e.Name
	err  error
}

// readChunk is how many rows readRows sends at a time.
const readChunk = 256

// readRows reads, parses and validates the rows of cr in a goroutine of its
// own and sends them in file order, readChunk at a time, until the file
// ends or done is closed. Parsing a name costs about a third of committing
// it, and a commit mostly waits for the store's writer: on their own
// goroutines the two overlap instead of alternating. Validation depends only
// on the row, so the rows and rejections are those of a serial read.
func (s *Service) readRows(cr *csv.Reader, col map[string]int, opt ImportOptions, done <-chan struct{}) <-chan []importItem {
	out := make(chan []importItem, 16)
	get := func(row []string, c string) string {
		if i, ok := col[c]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	go func() {
		defer close(out)
		chunk := make([]importItem, 0, readChunk)
		send := func() bool {
			select {
			case out <- chunk:
				chunk = make([]importItem, 0, readChunk)
				return true
			case <-done:
				return false
			}
		}
		line := 1
		for {
			row, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			line++
			if err != nil {
				chunk = append(chunk, importItem{line: line, err: err})
			} else {
				e, cmp, err := s.importRecord(row, get, opt)
				chunk = append(chunk, importItem{line: line, e: e, cmp: cmp, err: err})
			}
			if len(chunk) == readChunk && !send() {
				return
			}
		}
		if len(chunk) > 0 {
			send()
		}
	}()
	return out
}

// importRecord builds the record of one row, the options standing in for
// the columns it lacks, and keeps what the identical-name report compares
// of its name (the name is parsed once).
func (s *Service) importRecord(row []string, get func([]string, string) string, opt ImportOptions) (*Enterprise, name.Compared, error) {
	in := Input{
		Name: get(row, "name"), USCC: get(row, "uscc"), Status: get(row, "status"),
		StatusDate: get(row, "status_date"), IndustryCode: get(row, "industry_code"),
		AuthorityCode: get(row, "authority_code"), EntType: get(row, "ent_type"),
	}
	if in.EntType == "N/A" {
		in.EntType = ""
	}
	if v := get(row, "investors"); v != "" {
		in.Investors = strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' })
	}
	if in.Status == "" {
		in.Status = opt.Status
	}
	if in.AuthorityCode == "" {
		in.AuthorityCode = opt.AuthorityCode
	}
	parsed := name.Parse(strings.TrimSpace(in.Name))
	if in.IndustryCode == "" && opt.IndustryFromName && parsed.HasIndustry() {
		in.IndustryCode = parsed.NameIndustry.String()
	}
	if in.IndustryCode == "" {
		in.IndustryCode = opt.DefaultIndustry
	}
	e, err := s.build(in, parsed)
	return e, parsed.Compared(), err
}

// compactAfter is the import size from which the name index is compacted.
const compactAfter = 10000

// batchWriter commits batches in order and indexes up to two at a time.
type batchWriter struct {
	ctx   context.Context
	s     *Service
	actor string
	rep   *ImportReport
	slots chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error

	shared    []importRow    // rows whose 字号 was written before them
	identical int            // rows with an identical name (guarded by mu)
	first     []identicalRow // their first report lines (guarded by mu)
}

func newBatchWriter(ctx context.Context, s *Service, actor string, rep *ImportReport) *batchWriter {
	return &batchWriter{ctx: ctx, s: s, actor: actor, rep: rep, slots: make(chan struct{}, 2)}
}

// importRow is a valid row of the file and its line number.
type importRow struct {
	line   int
	e      *Enterprise
	cmp    name.Compared // what the identical-name report compares of e.Name
	issued bool          // e.ID was issued by the sequence (kept when a conflict reruns the transaction)
}

// importAudit is what the audit entry of an imported record says was
// written: the row as received (the record is derived from it).
type importAudit struct {
	Line  int   `json:"line"`
	Input Input `json:"input"`
}

// flush commits the batch now (so records are durable in CSV order) and
// indexes it in the background.
func (w *batchWriter) flush(batch []importRow) error {
	if len(batch) == 0 {
		return w.failure()
	}
	if err := w.failure(); err != nil {
		return err
	}
	entries, docs, shared, err := w.s.commitBatch(w.actor, batch)
	if err != nil {
		return err
	}
	w.shared = append(w.shared, shared...)
	w.slots <- struct{}{}
	w.wg.Add(1)
	go func() {
		defer func() { <-w.slots; w.wg.Done() }()
		err := w.s.applyEntries(entries, docs)
		if err != nil {
			w.mu.Lock()
			w.err = apperr.Internal(err)
			w.mu.Unlock()
		}
	}()
	return w.ctx.Err()
}

// reportIdentical looks up, once every row is committed, the identical
// names of the rows whose 字号 was written before them: they are reported,
// not decided, and the report depends only on the store and the file. The
// rows of one scope and 字号 share one read of its listing.
func (w *batchWriter) reportIdentical(groups [][]importRow) error {
	var found []identicalRow
	err := w.s.db.View(func(tx *store.Tx) error {
		for _, rows := range groups {
			cands, err := sameTradeName(tx, rows[0].e.Scope, rows[0].e.TradeName)
			if err != nil {
				return err
			}
			for _, row := range rows {
				if same := w.s.identicalAmong(row.e, &row.cmp, cands); len(same) > 0 {
					found = append(found, identicalRow{row.line, fmt.Sprintf("第 %d 行：“%s”与%s相同", row.line, row.e.Name, identicalList(same))})
				}
			}
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.identical += len(found)
	w.first = append(w.first, found...)
	if len(w.first) > 4*maxReportedErrors {
		w.keepFirst()
	}
	return nil
}

// groupByTradeName groups rows by scope and 字号, in order of first row.
func groupByTradeName(rows []importRow) [][]importRow {
	at := map[string]int{}
	var groups [][]importRow
	for _, r := range rows {
		k := r.e.Scope + "/" + r.e.TradeName
		i, ok := at[k]
		if !ok {
			i = len(groups)
			at[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	return groups
}

// identicalRow is a report line of an identical name.
type identicalRow struct {
	line int
	text string
}

// keepFirst keeps the report lines of the first rows (batches are looked
// up concurrently, so they come in any order).
func (w *batchWriter) keepFirst() {
	sort.Slice(w.first, func(i, j int) bool { return w.first[i].line < w.first[j].line })
	if len(w.first) > maxReportedErrors {
		w.first = w.first[:maxReportedErrors]
	}
}

func (w *batchWriter) failure() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// wait waits for the batches being indexed.
func (w *batchWriter) wait() error {
	w.wg.Wait()
	return w.failure()
}

// report looks up the identical names of the rows that may have one and
// completes the import report.
func (w *batchWriter) report() error {
	// Two look-ups at a time, as two batches are indexed.
	groups := groupByTradeName(w.shared)
	half := len(groups) / 2
	errs := make(chan error, 2)
	go func() { errs <- w.reportIdentical(groups[:half]) }()
	go func() { errs <- w.reportIdentical(groups[half:]) }()
	if err := errors.Join(<-errs, <-errs); err != nil {
		return err
	}
	w.shared = nil
	w.mu.Lock()
	defer w.mu.Unlock()
	w.keepFirst()
	w.rep.Identical = w.identical
	w.rep.IdenticalNames = w.rep.IdenticalNames[:0]
	for _, r := range w.first {
		w.rep.IdenticalNames = append(w.rep.IdenticalNames, r.text)
	}
	return w.err
}

func (rep *ImportReport) reject(line int, err error) {
	rep.Rejected++
	if len(rep.Errors) < maxReportedErrors {
		rep.Errors = append(rep.Errors, fmt.Sprintf("第 %d 行：%s", line, apperr.MessageOf(err)))
	}
}

// commitBatch stores a batch of records, each through the registry's one
// write path (its own audit entry, its creation time and protection kept
// when it replaces a record), and returns the outbox entries, the index
// documents and the rows whose 字号 was written before (they may have an
// identical name to report).
func (s *Service) commitBatch(actor string, batch []importRow) ([]store.OutboxEntry, map[string]index.NameDoc, []importRow, error) {
	entries := make([]store.OutboxEntry, 0, len(batch))
	docs := make(map[string]index.NameDoc, len(batch))
	var shared []importRow
	// A record with its comparison record, listing, guard, outbox and audit
	// entries is a dozen keys: a transaction holds commitChunk of them
	// within badger's limit, and the batch is indexed as one.
	for start := 0; start < len(batch); start += commitChunk {
		e, d, sh, err := s.commitRows(actor, batch[start:min(start+commitChunk, len(batch))])
		if err != nil {
			return nil, nil, nil, err
		}
		entries = append(entries, e...)
		for id, doc := range d {
			docs[id] = doc
		}
		shared = append(shared, sh...)
	}
	return entries, docs, shared, nil
}

// commitChunk is how many imported records one transaction writes.
const commitChunk = 1000

func (s *Service) commitRows(actor string, batch []importRow) ([]store.OutboxEntry, map[string]index.NameDoc, []importRow, error) {
	now := s.now().UTC()
	var entries []store.OutboxEntry
	var docs map[string]index.NameDoc
	var shared []importRow
	err := s.db.Update(func(tx *store.Tx) error {
		entries = make([]store.OutboxEntry, 0, len(batch))
		docs = make(map[string]index.NameDoc, len(batch))
		shared = shared[:0]
		for i := range batch {
			row := &batch[i]
			e := row.e
			issued := row.issued
			if e.ID == "" {
				seq, err := s.db.Next("enterprise")
				if err != nil {
					return err
				}
				e.ID = fmt.Sprintf("N%012d", seq)
				row.issued, issued = true, true
			}
			w, err := s.write(tx, writeOp{actor: actor, action: "enterprise.import", now: now, mode: keepStored,
				issued: issued, auditAfter: importAudit{Line: row.line, Input: InputOf(e)}}, e)
			if err != nil {
				return err
			}
			entries = append(entries, w.entry)
			docs[e.ID] = docOf(e)
			if w.shared {
				shared = append(shared, *row)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, storeErr(err)
	}
	return entries, docs, shared, nil
}

// identicalList names identical enterprises for a report line.
func identicalList(same []IdenticalName) string {
	var b strings.Builder
	for i, x := range same {
		if i == 3 {
			fmt.Fprintf(&b, "等 %d 个名称", len(same))
			break
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString("“" + x.Name + "”")
		if x.USCC != "" {
			b.WriteString("（" + x.USCC + "）")
		}
	}
	return b.String()
}
