package api

import (
	"github.com/gofiber/fiber/v2"

	"namescope/api/openapi"
)

// openapiPath is the route of the API document, under /api/v1.
const openapiPath = "/openapi.json"

// docsCSP lets the reference page run the vendored renderer from this
// server only; the renderer sets inline styles and draws data: images.
const docsCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// docsRoutes adds the API document (GET /api/v1/openapi.json) and the
// reference page that renders it (GET /api/docs and its files).
func (h *handlers) docsRoutes(app *fiber.App, v1 fiber.Router) {
	v1.Get(openapiPath, h.openapiDocument)
	app.Get(openapi.PagePath, h.docsFile("index.html"))
	app.Get(openapi.PagePath+"/:file", func(c *fiber.Ctx) error {
		return h.docsFile(c.Params("file"))(c)
	})
}

func (h *handlers) openapiDocument(c *fiber.Ctx) error {
	b, err := openapi.JSON()
	if err != nil {
		return err // internal: the embedded document does not load
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(b)
}

// docsFile serves one file of the reference page; "index.html" only at
// /api/docs itself.
func (h *handlers) docsFile(name string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		assets, err := openapi.Assets()
		if err != nil {
			return err
		}
		a, ok := assets[name]
		if !ok || (name == "index.html" && c.Path() != openapi.PagePath) {
			return fiber.ErrNotFound
		}
		hd := &c.Response().Header
		hd.Set(fiber.HeaderContentType, a.ContentType)
		hd.Set(fiber.HeaderCacheControl, "no-cache")
		hd.Set(fiber.HeaderETag, a.ETag)
		hd.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		hd.Set(fiber.HeaderReferrerPolicy, "no-referrer")
		if name == "index.html" {
			hd.Set(fiber.HeaderContentSecurityPolicy, docsCSP)
			hd.Set(fiber.HeaderXFrameOptions, "DENY")
		}
		if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && match == a.ETag {
			return c.SendStatus(fiber.StatusNotModified)
		}
		return c.Send(a.Body)
	}
}
