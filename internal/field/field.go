// Package field reads the fields of requests the domain packages share
// (credit, supervision): civil dates in China time, bounded texts, USCCs,
// and the error a store failure answers with. Messages are in Chinese and
// name the field.
package field

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
	"namescope/legal"
	"namescope/store"
)

// DateLayout is the form of every date field.
const DateLayout = "2006-01-02"

// Civil is the date of t in China time, as midnight UTC.
func Civil(t time.Time) time.Time {
	y, m, d := t.In(legal.ChinaTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// FormatDate renders a civil date; the zero time is "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// ParseDate reads a required date field.
func ParseDate(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, apperr.Invalid("缺少 %s（YYYY-MM-DD 格式的日期）", field)
	}
	d, err := time.Parse(DateLayout, v)
	if err != nil {
		return time.Time{}, apperr.Invalid("%s 应为 YYYY-MM-DD 格式的日期，收到的是“%s”", field, Clip(v, 20))
	}
	if d.Year() < 1949 || d.Year() > 2100 {
		return time.Time{}, apperr.Invalid("%s 的年份不合理：%s", field, v)
	}
	return d, nil
}

// Text checks a text field: trimmed, valid UTF-8, at most max characters,
// no control characters but line breaks and tabs, required or not.
func Text(field, v string, max int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	if required && v == "" {
		return "", apperr.Invalid("缺少 %s", field)
	}
	if !utf8.ValidString(v) {
		return "", apperr.Invalid("%s 不是有效的 UTF-8 文本", field)
	}
	if n := utf8.RuneCountInString(v); n > max {
		return "", apperr.Invalid("%s 过长：最多 %d 个字符，收到 %d 个", field, max, n)
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) {
		return "", apperr.Invalid("%s 含有控制字符", field)
	}
	return v, nil
}

// Clip shortens s to n characters for quoting it in a message.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// USCC validates a unified social credit code and returns it upper-case.
func USCC(v string) (string, error) {
	u := strings.ToUpper(strings.TrimSpace(v))
	if u == "" {
		return "", apperr.Invalid("缺少 uscc（统一社会信用代码）")
	}
	if !dict.ValidUSCC(u) {
		return "", apperr.Invalid("uscc %q 不是有效的统一社会信用代码（18 位，校验码须正确）", Clip(v, 24))
	}
	return u, nil
}

// StoreError maps a store failure to the error a caller answers with: an
// apperr error as it is, contention as a conflict to retry, anything else
// internal.
func StoreError(err error) error {
	var ae *apperr.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case errors.Is(err, store.ErrContention):
		return apperr.Conflict("该记录正被同时修改，请稍后重试")
	}
	return apperr.Internal(err)
}
