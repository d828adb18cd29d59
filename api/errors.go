package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"namescope/apperr"
	"namescope/lifecycle"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.CodeInvalid:      fiber.StatusBadRequest,
	apperr.CodeNotFound:     fiber.StatusNotFound,
	apperr.CodeConflict:     fiber.StatusConflict,
	apperr.CodeUnauthorized: fiber.StatusUnauthorized,
	apperr.CodeForbidden:    fiber.StatusForbidden,
	apperr.CodeInternal:     fiber.StatusInternalServerError,
	// Domain codes.
	apperr.CodeGuidanceRequired: fiber.StatusConflict,
	apperr.CodeBasisRequired:    fiber.StatusConflict,
}

// ErrorBody is the JSON shape of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail names the problem.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// fiberCodes maps framework-level statuses to error codes and messages. The
// message of a *fiber.Error is never shown for a 4xx status: it may be a
// parser's (fasthttp, mime/multipart) English text.
var fiberCodes = map[int]ErrorDetail{
	fiber.StatusBadRequest:                  {"invalid", "请求格式无效，无法解析：请检查请求头和请求体，例如 Content-Type 与实际内容是否一致"},
	fiber.StatusUnauthorized:                {"unauthorized", "缺少或无效的访问令牌"},
	fiber.StatusForbidden:                   {"forbidden", "无权进行此操作"},
	fiber.StatusNotFound:                    {"no_route", "没有这个接口，请检查请求路径和方法"},
	fiber.StatusMethodNotAllowed:            {"method_not_allowed", "该接口不支持此请求方法"},
	fiber.StatusNotAcceptable:               {"not_acceptable", "无法按所要求的格式答复（本服务答复 JSON）"},
	fiber.StatusRequestTimeout:              {"timeout", "请求超时"},
	fiber.StatusConflict:                    {"conflict", "请求与当前状态冲突"},
	fiber.StatusLengthRequired:              {"invalid", "请求缺少 Content-Length 请求头"},
	fiber.StatusRequestEntityTooLarge:       {"too_large", "请求体过大"},
	fiber.StatusRequestURITooLong:           {"too_large", "请求地址过长"},
	fiber.StatusUnsupportedMediaType:        {"invalid", "不支持该请求体类型（Content-Type）"},
	fiber.StatusExpectationFailed:           {"invalid", "不支持该 Expect 请求头"},
	fiber.StatusUnprocessableEntity:         {"invalid", "请求内容无法处理"},
	fiber.StatusTooManyRequests:             {"rate_limited", "请求过于频繁，请稍后再试"},
	fiber.StatusRequestHeaderFieldsTooLarge: {"too_large", "请求头过大"},
}

// fiberDetail is the answer to a framework-level error: the table's entry,
// a generic message for other client errors, and for 5xx an internal error
// (internal is true: the caller logs it) except 503, whose message is ours.
func fiberDetail(fe *fiber.Error) (_ ErrorDetail, internal bool) {
	if d, ok := fiberCodes[fe.Code]; ok {
		return d, false
	}
	switch {
	case fe.Code == fiber.StatusServiceUnavailable:
		if hasCJK(fe.Message) {
			return ErrorDetail{"unavailable", fe.Message}, false
		}
		return ErrorDetail{"unavailable", "系统繁忙，请稍后重试"}, false
	case fe.Code >= 500:
		return ErrorDetail{"internal", "内部错误，请稍后重试"}, true
	}
	return ErrorDetail{"invalid", fmt.Sprintf("请求无效（HTTP 状态 %d）", fe.Code)}, false
}

// hasCJK reports whether s has a Han character: a message written for the
// client, not a library's.
func hasCJK(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		// An error fasthttp found before any middleware ran (a body over
		// the limit) comes here directly: the answer still gets an id.
		ensureRequestID(c)
		var fe *fiber.Error
		if errors.As(err, &fe) {
			d, internal := fiberDetail(fe)
			if internal {
				log.Error("http error", "status", fe.Code, "err", fe.Message, "path", c.Path(), "request_id", requestID(c))
			} else if fe.Code == fiber.StatusBadRequest {
				log.Debug("unparsable request", "err", fe.Message, "path", c.Path(), "request_id", requestID(c))
			}
			return c.Status(fe.Code).JSON(ErrorBody{d})
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			// Overload, not a fault: tell the client to come back.
			log.Warn("request timed out", "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
			return c.Status(fiber.StatusServiceUnavailable).JSON(ErrorBody{ErrorDetail{"unavailable", "系统繁忙，请稍后重试"}})
		}
		code := apperr.CodeOf(err)
		status := statusOf[code]
		if code == apperr.CodeInternal {
			log.Error("internal error", "err", err.Error(), "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
		}
		return c.Status(status).JSON(ErrorBody{ErrorDetail{string(code), apperr.MessageOf(err)}})
	}
}

func requestID(c *fiber.Ctx) string {
	if v, ok := c.Locals("requestid").(string); ok {
		return v
	}
	return ""
}

// jsonError turns an error of encoding/json decoding a request body into v
// into a message for the client: in Chinese, naming the field by its JSON
// path and the expected type in words, never a Go type or the library's
// English text.
func jsonError(err error, v any) error {
	var (
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
		be  base64.CorruptInputError
		iue *json.InvalidUnmarshalError
	)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return apperr.Invalid("请求体 JSON 不完整")
	case errors.As(err, &se):
		return apperr.Invalid("请求体不是有效的 JSON（第 %d 个字节附近）", se.Offset)
	case errors.As(err, &te):
		got := jsonValueName(te.Value)
		if te.Field == "" {
			if got != "" {
				return apperr.Invalid("请求体应为 JSON 对象，收到的是%s", got)
			}
			return apperr.Invalid("请求体应为 JSON 对象")
		}
		field := jsonPath(reflect.TypeOf(v), te.Field)
		want := jsonTypeName(te.Type)
		switch {
		case want == "":
			return apperr.Invalid("字段 %s 的取值不正确", field)
		case got == "":
			return apperr.Invalid("字段 %s 的类型不正确，%s", field, spaced("应为", want))
		}
		return apperr.Invalid("字段 %s 的类型不正确，%s，收到的是%s", field, spaced("应为", want), got)
	case errors.As(err, &be):
		// The decoder does not say which field; the data of evidence files
		// is the only base64 ([]byte) field of any request body.
		return apperr.Invalid("请求体中有字段不是有效的 base64 编码：evidence 中每个文件的 data 应为 base64 编码的文件内容（第 %d 个字符附近有误）", int64(be)+1)
	case errors.As(err, &iue):
		return apperr.Internal(err)
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return apperr.Invalid("未知字段 %s", f)
	}
	return apperr.Invalid("请求体中有字段的取值不正确")
}

// spaced joins Chinese text and a phrase, with a space before a phrase
// that starts with a Latin letter or digit ("应为 base64 编码的字符串").
func spaced(zh, phrase string) string {
	if phrase != "" && phrase[0] < utf8.RuneSelf {
		return zh + " " + phrase
	}
	return zh + phrase
}

// jsonValueName names the kind of JSON value an UnmarshalTypeError found
// ("string", "number", "number 1.5", …).
func jsonValueName(v string) string {
	switch v {
	case "string":
		return "字符串"
	case "bool":
		return "布尔值"
	case "array":
		return "数组"
	case "object":
		return "对象"
	case "number":
		return "数字"
	}
	if lit, ok := strings.CutPrefix(v, "number "); ok {
		if len(lit) <= 24 {
			return "数字 " + lit
		}
		return "数字"
	}
	return ""
}

// enumValues describes the named types of request bodies whose values are
// a closed set.
var enumValues = map[reflect.Type]string{
	reflect.TypeFor[lifecycle.DayKind](): "字符串 holiday（放假）或 workday（调休上班）",
}

// jsonTypeName says in words what JSON value a Go type takes; "" when no
// word fits (the caller then says the value is not right).
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := enumValues[t]; ok {
		return s
	}
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "布尔值（true 或 false）"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "整数"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "非负整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "base64 编码的字符串"
		}
		return "数组"
	case reflect.Array:
		return "数组"
	case reflect.Struct, reflect.Map:
		return "对象"
	}
	return ""
}

// jsonPath rewrites the dotted field path of an UnmarshalTypeError into
// JSON names only: encoding/json puts the Go name of an embedded struct in
// the path (Declaration.commitment), which the client never wrote.
func jsonPath(t reflect.Type, field string) string {
	var out []string
	for _, name := range strings.Split(field, ".") {
		st := structOf(t)
		t = nil
		if st == nil {
			out = append(out, name)
			continue
		}
		if f, ok := st.FieldByName(name); ok && f.Anonymous && jsonName(f) == "" {
			t = f.Type // its fields are promoted: it has no name in the JSON
			continue
		}
		for _, f := range reflect.VisibleFields(st) {
			if !f.Anonymous && f.IsExported() && jsonName(f) == name {
				t = f.Type
				break
			}
		}
		out = append(out, name)
	}
	return strings.Join(out, ".")
}

// structOf is the struct type t holds, through pointers, slices, arrays
// and maps; nil when there is none.
func structOf(t reflect.Type) reflect.Type {
	for t != nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			return t
		default:
			return nil
		}
	}
	return nil
}

// jsonName is the name of a struct field in JSON: its tag's, else its Go
// name for a named field, "" for an untagged embedded one.
func jsonName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" {
		return tag
	}
	if f.Anonymous {
		return ""
	}
	return f.Name
}
