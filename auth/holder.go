package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"namescope/apperr"
)

// Limits of a key's holder and department, in characters.
const (
	MaxHolderRunes = 32
	MaxDeptRunes   = 64
)

// CheckNewKey validates a new key and returns it with its holder and
// department trimmed. Staff keys name their holder and department: the
// department is what "谁列入、谁修复" (SameDept) compares, so a staff key
// without one would escape that rule. Registrar keys name their holder;
// their department is optional, as a registration system's key may be
// held by someone outside the bureau's departments. Admin keys may have
// neither: they administer keys and do not sign decisions.
func CheckNewKey(in NewKey) (NewKey, error) {
	if !contains(KeyRoles, in.Role) {
		return in, apperr.Invalid("role 应为 %s 之一", strings.Join(KeyRoles, ", "))
	}
	in.Holder, in.Dept = trim(in.Holder), trim(in.Dept)
	if in.Holder == "" && (in.Role == RoleStaff || in.Role == RoleRegistrar) {
		return in, apperr.Invalid("%s 密钥须写明持有人姓名（holder），如 张三", in.Role)
	}
	if in.Dept == "" && in.Role == RoleStaff {
		return in, apperr.Invalid("staff 密钥须写明持有人所在部门（dept），如 市场监管局登记注册科")
	}
	if err := ValidateHolder(in.Holder); err != nil {
		return in, err
	}
	if err := ValidateDept(in.Dept); err != nil {
		return in, err
	}
	return in, nil
}

func trim(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// ValidateHolder checks a holder's name ("" passes: whether one is
// required depends on the role). A name has at most MaxHolderRunes
// characters: Chinese characters, Latin letters, and between them the
// separators of names written in those scripts — the middle dot of
// transcribed names (阿依古丽·买买提), single spaces, hyphens, apostrophes
// and full stops (a separator follows a letter, or a space follows the
// full stop of an initial: J. Smith). Digits, brackets and other signs are refused, so that a
// holder is a person's name and not a note.
func ValidateHolder(h string) error {
	if h == "" {
		return nil
	}
	if !utf8.ValidString(h) {
		return apperr.Invalid("holder（持有人姓名）不是有效的 UTF-8 文本")
	}
	if n := utf8.RuneCountInString(h); n > MaxHolderRunes {
		return apperr.Invalid("holder（持有人姓名）最多 %d 个字符，现为 %d 个", MaxHolderRunes, n)
	}
	letters := 0
	prev := rune(0)
	for _, r := range h {
		switch {
		case unicode.Is(unicode.Han, r), unicode.Is(unicode.Latin, r) && unicode.IsLetter(r):
			letters++
		case isControl(r):
			return apperr.Invalid("holder（持有人姓名）不能包含控制字符（%U）", r)
		case r == ' ' || r == '·' || r == '-' || r == '\'' || r == '.':
			if !unicode.IsLetter(prev) && (prev != '.' || r != ' ') {
				return apperr.Invalid("holder（持有人姓名）中的分隔符 %q 只能写在两个字之间", string(r))
			}
		default:
			return apperr.Invalid("holder（持有人姓名）只能包含汉字、拉丁字母及姓名中的间隔号“·”、空格、连字符、撇号和点，不能包含 %q", string(r))
		}
		prev = r
	}
	if letters == 0 {
		return apperr.Invalid("holder（持有人姓名）须包含汉字或拉丁字母")
	}
	if !unicode.IsLetter(prev) && prev != '.' {
		return apperr.Invalid("holder（持有人姓名）不能以分隔符 %q 结尾", string(prev))
	}
	return nil
}

// ValidateDept checks a department's name ("" passes): at most
// MaxDeptRunes characters, no control or invisible formatting characters.
func ValidateDept(d string) error {
	if d == "" {
		return nil
	}
	if !utf8.ValidString(d) {
		return apperr.Invalid("dept（部门）不是有效的 UTF-8 文本")
	}
	if n := utf8.RuneCountInString(d); n > MaxDeptRunes {
		return apperr.Invalid("dept（部门）最多 %d 个字符，现为 %d 个", MaxDeptRunes, n)
	}
	for _, r := range d {
		if isControl(r) {
			return apperr.Invalid("dept（部门）不能包含控制字符（%U）", r)
		}
	}
	return nil
}

// isControl: control characters, invisible formatting characters (zero
// width spaces and joiners, direction marks) and line or paragraph
// separators, none of which belongs in a name shown on a signed document.
func isControl(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}
