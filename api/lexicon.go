package api

import (
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/lexicon"
)

// maxLexiconBody bounds a word to add: a word, a citation and a note of
// at most 500 characters.
const maxLexiconBody = 16 << 10

// lexiconRoutes adds the run-time lexicon: staff list the words, admins
// add and remove them (effective at once, audited).
func (h *handlers) lexiconRoutes(v1 fiber.Router) {
	if h.Lexicon == nil {
		return
	}
	v1.Get("/lexicon/entries", h.require(auth.RoleStaff), h.listLexicon)
	v1.Post("/lexicon/entries", h.require(auth.RoleAdmin), h.addLexicon)
	v1.Delete("/lexicon/entries/:word", h.require(auth.RoleAdmin), h.removeLexicon)
}

func (h *handlers) listLexicon(c *fiber.Ctx) error {
	source, err := lexicon.ParseSource(utils.CopyString(c.Query("source")))
	if err != nil {
		return err
	}
	entries, err := h.Lexicon.List(c.UserContext(), source)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"source": source, "entries": entries})
}

func (h *handlers) addLexicon(c *fiber.Ctx) error {
	var in lexicon.Input
	if err := decode(c, maxLexiconBody, &in); err != nil {
		return err
	}
	e, err := h.Lexicon.Add(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(e)
}

func (h *handlers) removeLexicon(c *fiber.Ctx) error {
	word, err := url.PathUnescape(c.Params("word"))
	if err != nil {
		return apperr.Invalid("word 无效：路径中的字词应为 URL 编码的文本")
	}
	e, err := h.Lexicon.Remove(c.UserContext(), actor(c), utils.CopyString(word))
	if err != nil {
		return err
	}
	return c.JSON(e)
}
