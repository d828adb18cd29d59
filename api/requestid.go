package api

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

// maxRequestID is the longest X-Request-ID accepted from a client.
const maxRequestID = 64

// safeRequestID reports whether a client's X-Request-ID may be kept: 1 to
// 64 letters, digits, '-', '_' or '.', nothing a log or a header could be
// tricked with.
func safeRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '-', b == '_', b == '.':
		default:
			return false
		}
	}
	return true
}

// ensureRequestID gives the request its id, once: the client's
// X-Request-ID when it is a safe token, else a new UUID. The id is in
// c.Locals("requestid") (requestID reads it) and in the answer's
// X-Request-ID header.
func ensureRequestID(c *fiber.Ctx) string {
	if id := requestID(c); id != "" {
		return id
	}
	id := c.Get(fiber.HeaderXRequestID)
	if safeRequestID(id) {
		id = utils.CopyString(id)
	} else {
		id = utils.UUIDv4()
	}
	c.Locals("requestid", id)
	c.Set(fiber.HeaderXRequestID, id)
	return id
}
