package api

import (
	"github.com/gofiber/fiber/v2"

	"namescope/config"
)

// authorityView is one authority as GET /api/v1/authorities shows it.
type authorityView struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Bureau string `json:"bureau"`
}

// authoritiesView is the answer of GET /api/v1/authorities.
type authoritiesView struct {
	Default     string          `json:"default"`
	Authorities []authorityView `json:"authorities"`
}

// authorities answers the authorities served and the default one, which
// the pages start with.
func (h *handlers) authorities(c *fiber.Ctx) error {
	list := make([]authorityView, len(h.Authorities))
	for i, a := range h.Authorities {
		list[i] = authorityView{Code: a.Code, Name: a.Name, Bureau: a.Bureau}
	}
	return c.JSON(authoritiesView{Default: h.defaultAuthority().Code, Authorities: list})
}

// defaultAuthority is the authority marked default, or the first.
func (h *handlers) defaultAuthority() config.Authority {
	return (&config.Config{Authorities: h.Authorities}).DefaultAuthority()
}
