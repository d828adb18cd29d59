// Package apperr is the one error type of namescope: every error a domain
// package returns on purpose carries a Code, and the HTTP layer maps codes to
// statuses in one table. Anything else is internal: logged, never shown.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers.
type Code string

// Error codes.
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeInternal     Code = "internal"
)

// Error is an application error with a message fit for the client.
type Error struct {
	Code    Code
	Message string
	Err     error // underlying cause, never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return string(e.Code) + ": " + e.Message + ": " + e.Err.Error()
	}
	return string(e.Code) + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports bad input.
func Invalid(format string, args ...any) *Error { return newf(CodeInvalid, format, args...) }

// NotFound reports a missing object.
func NotFound(format string, args ...any) *Error { return newf(CodeNotFound, format, args...) }

// Conflict reports a state that forbids the request.
func Conflict(format string, args ...any) *Error { return newf(CodeConflict, format, args...) }

// Unauthorized reports missing or unknown credentials.
func Unauthorized(format string, args ...any) *Error {
	return newf(CodeUnauthorized, format, args...)
}

// Forbidden reports credentials without the needed role.
func Forbidden(format string, args ...any) *Error { return newf(CodeForbidden, format, args...) }

// Internal wraps an unexpected failure; its text stays in the logs.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: "内部错误，请稍后重试", Err: err}
}

// CodeOf returns the code of err: internal for errors that are not *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// MessageOf returns the client-facing message of err.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != CodeInternal {
		return e.Message
	}
	return "内部错误，请稍后重试"
}

// CodeGuidanceRequired: a designated new-economy enterprise is listed on a
// reporting ground only after a guidance notice whose deadline passed
// (the credit module's "guidance first"); the HTTP status is 409.
const CodeGuidanceRequired Code = "guidance_required"

// GuidanceRequired reports a listing that needs guidance first.
func GuidanceRequired(format string, args ...any) *Error {
	return newf(CodeGuidanceRequired, format, args...)
}

// CodeBasisRequired: a directed check or a case on a new-economy
// enterprise within its grace period needs a recorded basis (complaint,
// big-data clue, referral or assigned task); the HTTP status is 409.
const CodeBasisRequired Code = "basis_required"

// BasisRequired reports a directed check or case without its basis.
func BasisRequired(format string, args ...any) *Error {
	return newf(CodeBasisRequired, format, args...)
}
