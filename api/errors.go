package api

import (
	"context"
	"errors"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"namescope/apperr"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.CodeInvalid:      fiber.StatusBadRequest,
	apperr.CodeNotFound:     fiber.StatusNotFound,
	apperr.CodeConflict:     fiber.StatusConflict,
	apperr.CodeUnauthorized: fiber.StatusUnauthorized,
	apperr.CodeForbidden:    fiber.StatusForbidden,
	apperr.CodeInternal:     fiber.StatusInternalServerError,
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

// fiberCodes maps framework-level statuses to error codes and messages.
var fiberCodes = map[int]ErrorDetail{
	fiber.StatusNotFound:              {"not_found", "没有这个接口"},
	fiber.StatusMethodNotAllowed:      {"method_not_allowed", "该接口不支持此请求方法"},
	fiber.StatusRequestEntityTooLarge: {"too_large", "请求体过大"},
	fiber.StatusTooManyRequests:       {"rate_limited", "请求过于频繁，请稍后再试"},
	fiber.StatusRequestTimeout:        {"timeout", "请求超时"},
}

func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		var fe *fiber.Error
		if errors.As(err, &fe) {
			d, ok := fiberCodes[fe.Code]
			if fe.Code == fiber.StatusServiceUnavailable {
				d, ok = ErrorDetail{"unavailable", fe.Message}, true
			}
			if !ok {
				if fe.Code >= 500 {
					log.Error("http error", "status", fe.Code, "err", fe.Message, "path", c.Path(), "request_id", requestID(c))
					d = ErrorDetail{"internal", "内部错误，请稍后重试"}
				} else {
					d = ErrorDetail{"invalid", fe.Message}
				}
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
