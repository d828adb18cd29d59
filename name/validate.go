package name

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
	"namescope/dict"
)

// ValidateName checks an enterprise name as received in the request field
// field (already trimmed by the caller): not empty, valid UTF-8, at most
// MaxNameRunes characters, and free of control characters and of
// default-ignorable characters (zero-width spaces, bidi controls, variation
// selectors …), which would make a name that looks like another compare as
// different. Errors are apperr.Invalid, in Chinese, naming the field and the
// 1-based position of the offending character.
func ValidateName(field, s string) error {
	return validateText(field, s, MaxNameRunes)
}

// ValidateInvestors checks the names of an applicant's investors as names
// are checked: they decide the investor exemption of Art 17, so a name with
// an invisible character must not pass for another.
func ValidateInvestors(field string, investors []string) error {
	if len(investors) > 200 {
		return apperr.Invalid("%s 最多 200 个", field)
	}
	for i, inv := range investors {
		if strings.TrimSpace(inv) == "" {
			continue
		}
		if err := validateText(fmt.Sprintf("%s[%d]", field, i), strings.TrimSpace(inv), MaxNameRunes); err != nil {
			return err
		}
	}
	return nil
}

func validateText(field, s string, max int) error {
	if strings.TrimSpace(s) == "" {
		return apperr.Invalid("%s 不能为空", field)
	}
	if !utf8.ValidString(s) {
		pos := 0
		for i, r := range s {
			pos++
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
					break
				}
			}
		}
		return apperr.Invalid("%s 第 %d 个字符不是有效的 UTF-8 编码，请检查输入法或文件编码", field, pos)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return apperr.Invalid("%s 过长：最多 %d 个字符（现有 %d 个）", field, max, n)
	}
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case unicode.IsControl(r):
			return apperr.Invalid("%s 第 %d 个字符（U+%04X）是控制字符，请删除后重新输入", field, pos, r)
		case dict.DefaultIgnorable(r):
			return apperr.Invalid("%s 第 %d 个字符（U+%04X）是不可见的格式字符，请删除后重新输入", field, pos, r)
		}
	}
	return nil
}
