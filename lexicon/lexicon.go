package lexicon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/index"
	"namescope/store"
)

// MaxNote is the most characters of a note on a word.
const MaxNote = 500

// Sources of a listed word.
const (
	SourceEmbedded = "embedded" // the lexicon embedded in the binary
	SourceRuntime  = "runtime"  // added by staff at run time
)

// Entry is a lexicon word as listed: an embedded row or a run-time word
// with who added it, when and why.
type Entry struct {
	Word     string     `json:"word"`
	Category string     `json:"category"`
	Severity string     `json:"severity"`
	Where    string     `json:"where"`
	Rule     string     `json:"rule"`
	Source   string     `json:"source"`
	Note     string     `json:"note,omitempty"`
	AddedBy  string     `json:"added_by,omitempty"`
	AddedAt  *time.Time `json:"added_at,omitempty"`
}

// Input is a word to add.
type Input struct {
	Word     string `json:"word"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	Where    string `json:"where"`
	Rule     string `json:"rule"`
	Note     string `json:"note"`
}

// Index is the disguised-word index the words are added to
// (*index.Lexicon).
type Index interface {
	Add(words []index.LexiconWord) error
	Delete(word string) error
}

// Service keeps the run-time words.
type Service struct {
	db  *store.DB
	idx Index
	now func() time.Time
	// mu orders the changes: each installs the overlay it read after its
	// own write, so that the last installed is the store's.
	mu sync.Mutex
}

// New returns the service on db; idx (nil: none) receives the words.
func New(db *store.DB, idx Index) *Service {
	return &Service{db: db, idx: idx, now: time.Now}
}

// SetClock replaces time.Now (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Load installs the stored words as dict's overlay and indexes them: at
// start-up, before checks are served.
func (s *Service) Load(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	words, err := s.stored(ctx)
	if err != nil {
		return err
	}
	if err := s.install(words); err != nil {
		return err
	}
	if s.idx == nil || len(words) == 0 {
		return nil
	}
	iw := make([]index.LexiconWord, 0, len(words))
	for _, w := range words {
		iw = append(iw, index.LexiconWord{Word: w.Word})
	}
	return s.idx.Add(iw)
}

// Add validates and stores a word, then makes it effective. A word of the
// embedded lexicon or already added is apperr.Conflict; a bad field is
// apperr.Invalid naming it.
func (s *Service) Add(ctx context.Context, actor string, in Input) (*Entry, error) {
	v, err := dict.ValidateLexiconEntry(dict.LexiconEntry{
		Word: in.Word, Category: in.Category, Severity: in.Severity, Where: in.Where, Rule: in.Rule,
	})
	if err != nil {
		return nil, invalid(err)
	}
	note, err := cleanNote(in.Note)
	if err != nil {
		return nil, err
	}
	if dict.EmbeddedLexiconWord(v.Word) {
		return nil, apperr.Conflict("word：“%s”已在内置词库中，不需要添加", v.Word)
	}
	now := s.now().UTC()
	e := &Entry{
		Word: v.Word, Category: v.Category, Severity: v.Severity, Where: v.Where, Rule: v.Rule,
		Source: SourceRuntime, Note: note, AddedBy: actor, AddedAt: &now,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		var old Entry
		switch err := tx.Get(key(e.Word), &old); {
		case err == nil:
			return apperr.Conflict("word：“%s”已由 %s 添加，如需修改请先删除", e.Word, old.AddedBy)
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if err := tx.Put(key(e.Word), e); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{
			At: now, Actor: actor, Action: "add_lexicon_word", Object: object(e.Word), After: e,
			Note: fmt.Sprintf("添加禁限用字词“%s”（%s，%s）", e.Word, e.Category, e.Severity),
		})
	})
	if err != nil {
		return nil, err
	}
	if err := s.reinstall(ctx); err != nil {
		return nil, err
	}
	if s.idx != nil {
		if err := s.idx.Add([]index.LexiconWord{{Word: e.Word}}); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Remove deletes a run-time word and makes the removal effective. A word
// of the embedded lexicon is apperr.Conflict, an unknown one
// apperr.NotFound.
func (s *Service) Remove(ctx context.Context, actor, word string) (*Entry, error) {
	if !utf8.ValidString(word) {
		return nil, apperr.Invalid("word 不是有效的 UTF-8 文本")
	}
	w := dict.Normalize(strings.TrimSpace(word))
	if w == "" {
		return nil, apperr.Invalid("word 不能为空：应为要删除的运行时字词")
	}
	if dict.EmbeddedLexiconWord(w) {
		return nil, apperr.Conflict("word：“%s”属于内置词库，不能在运行时删除（内置词库随版本发布）", w)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var removed Entry
	err := s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		if err := tx.Get(key(w), &removed); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.NotFound("运行时词库中没有字词“%s”", w)
			}
			return err
		}
		if err := tx.Delete(key(w)); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{
			At: s.now().UTC(), Actor: actor, Action: "remove_lexicon_word", Object: object(w), Before: &removed,
			Note: fmt.Sprintf("删除禁限用字词“%s”", w),
		})
	})
	if err != nil {
		return nil, err
	}
	if err := s.reinstall(ctx); err != nil {
		return nil, err
	}
	if s.idx != nil {
		if err := s.idx.Delete(w); err != nil {
			return nil, err
		}
	}
	return &removed, nil
}

// ParseSource reads a list filter: runtime (the default when empty) or all.
func ParseSource(s string) (string, error) {
	switch s = strings.TrimSpace(s); s {
	case "", SourceRuntime:
		return SourceRuntime, nil
	case "all":
		return "all", nil
	}
	return "", apperr.Invalid("source 应为 runtime（运行时添加的字词）或 all（全部字词，含内置词库）")
}

// List returns the run-time words (source runtime) or every word, the
// embedded lexicon's first (source all), by word.
func (s *Service) List(ctx context.Context, source string) ([]Entry, error) {
	source, err := ParseSource(source)
	if err != nil {
		return nil, err
	}
	out := []Entry{}
	if source == "all" {
		for _, e := range dict.LexiconEntries() {
			if e.Source == dict.OverlaySource {
				continue
			}
			out = append(out, Entry{Word: e.Word, Category: e.Category, Severity: e.Severity, Where: e.Where, Rule: e.Rule, Source: SourceEmbedded})
		}
	}
	words, err := s.stored(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, words...), nil
}

// stored reads the run-time words in key (word) order.
func (s *Service) stored(ctx context.Context) ([]Entry, error) {
	var out []Entry
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(store.PrefixLexicon, "", false, func(k string, v []byte) (bool, error) {
			if err := ctx.Err(); err != nil {
				return false, err
			}
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return false, fmt.Errorf("decode %s: %w", k, err)
			}
			out = append(out, e)
			return true, nil
		})
	})
	return out, err
}

// reinstall installs the store's words as the overlay. s.mu is held.
func (s *Service) reinstall(ctx context.Context) error {
	words, err := s.stored(ctx)
	if err != nil {
		return err
	}
	return s.install(words)
}

func (s *Service) install(words []Entry) error {
	entries := make([]dict.LexiconEntry, 0, len(words))
	for _, w := range words {
		entries = append(entries, dict.LexiconEntry{Word: w.Word, Category: w.Category, Severity: w.Severity, Where: w.Where, Rule: w.Rule})
	}
	if _, err := dict.SetLexiconOverlay(entries); err != nil {
		return fmt.Errorf("install the run-time lexicon: %w", err)
	}
	return nil
}

// invalid turns dict's refusal of a field into apperr.Invalid.
func invalid(err error) error {
	var fe *dict.LexiconFieldError
	if errors.As(err, &fe) {
		return apperr.Invalid("%s", fe.Message)
	}
	return apperr.Invalid("%s", err.Error())
}

// key is the store key of a word.
func key(word string) string { return store.PrefixLexicon + word }

// object is the audit object of a word.
func object(word string) string { return "lexicon/" + word }

// cleanNote trims a note and refuses invalid UTF-8, control characters
// other than line breaks and tabs and invisible format characters.
func cleanNote(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", apperr.Invalid("note 不是有效的 UTF-8 文本")
	}
	if n := utf8.RuneCountInString(s); n > MaxNote {
		return "", apperr.Invalid("note 过长：最多 %d 个字符（现有 %d 个）", MaxNote, n)
	}
	pos := 0
	for _, r := range s {
		pos++
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", apperr.Invalid("note 第 %d 个字符（U+%04X）是控制字符，请删除后重新输入", pos, r)
		}
	}
	if pos, r, ok := dict.FirstIgnorable(s); ok {
		return "", apperr.Invalid("note 第 %d 个字符（U+%04X）是不可见的格式字符，请删除后重新输入", pos, r)
	}
	return s, nil
}
