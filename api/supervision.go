package api

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/supervision"
)

// The supervision routes: the violation catalogue, the new-economy
// register, guidance measures
// during the grace period, bases of directed checks, checks and cases with
// their recommendation and two-person decision. Domain rules live in
// package supervision; these handlers decode, authorize and answer.

func (h *handlers) supervisionRoutes(v1 fiber.Router) {
	if h.Supervision == nil {
		return
	}
	v1.Get("/violations", h.require(auth.RoleStaff), h.listViolations)
	v1.Put("/violations", h.require(auth.RoleAdmin), h.importViolations)
	v1.Get("/violations/versions", h.require(auth.RoleAdmin), h.violationVersions)
	v1.Post("/violations/versions/:v/restore", h.require(auth.RoleAdmin), h.restoreViolations)
	v1.Get("/supervision/new-economy", h.require(auth.RoleStaff), h.newEconomyRegister)
	v1.Get("/supervision/measures", h.require(auth.RoleStaff), h.listMeasures)
	v1.Post("/supervision/measures", h.require(auth.RoleStaff), notAdmin, h.addMeasure)
	v1.Post("/supervision/measures/:id/follow-up", h.require(auth.RoleStaff), notAdmin, h.followUp)
	v1.Get("/supervision/bases", h.require(auth.RoleStaff), h.listBases)
	v1.Post("/supervision/bases", h.require(auth.RoleStaff), notAdmin, h.addBasis)
	v1.Post("/supervision/bases/:id/verification", h.require(auth.RoleStaff), notAdmin, h.verifyComplaint)
	v1.Get("/supervision/checks", h.require(auth.RoleStaff), h.listChecks)
	v1.Post("/supervision/checks", h.require(auth.RoleStaff), notAdmin, h.addCheck)
	v1.Post("/cases/preview", h.require(auth.RoleStaff), h.previewCase)
	v1.Get("/cases", h.require(auth.RoleStaff), h.listCases)
	v1.Post("/cases", h.require(auth.RoleStaff), notAdmin, h.openCase)
	v1.Get("/cases/:id", h.require(auth.RoleStaff), h.getCase)
	v1.Post("/cases/:id/decision", h.require(auth.RoleStaff), notAdmin, h.decideCase)
	v1.Post("/cases/:id/review", h.require(auth.RoleStaff), notAdmin, h.reviewCase)
}

// supSigner is the signer of the request's key (require admitted it).
func supSigner(c *fiber.Ctx) auth.Signer {
	s, _ := signer(c)
	return s
}

func (h *handlers) listViolations(c *fiber.Ctx) error {
	all := false
	switch c.Query("all") {
	case "", "0", "false":
	case "1", "true":
		if supSigner(c).Role != auth.RoleAdmin {
			return apperr.Forbidden("待确认依据的（未启用）事项只对管理员显示")
		}
		all = true
	default:
		return apperr.Invalid("all 应为 1 或 0")
	}
	return c.JSON(h.Supervision.ListViolations(all))
}

// importViolations replaces the violation catalogue in force with a new
// version: a CSV body (Content-Type text/csv) in the columns of
// supervision/data/violations.csv.
func (h *handlers) importViolations(c *fiber.Ctx) error {
	ct := strings.ToLower(strings.TrimSpace(string(c.Request().Header.ContentType())))
	if mt, _, _ := strings.Cut(ct, ";"); strings.TrimSpace(mt) != "text/csv" {
		return apperr.Invalid("请求体应为违法行为事项目录的 CSV 文本（Content-Type: text/csv），列同 supervision/data/violations.csv")
	}
	if !utf8.Valid(c.Body()) {
		return apperr.Invalid("请求体不是有效的 UTF-8 文本")
	}
	out, err := h.Supervision.ImportViolations(c.UserContext(), supSigner(c), c.Body())
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// newEconomyRegister answers a page of the new-economy register
// (新经济企业名录), filtered by in_grace, category, source and small_micro.
func (h *handlers) newEconomyRegister(c *fiber.Ctx) error {
	q := supervision.RegisterQuery{Category: utils.CopyString(c.Query("category")),
		Source: utils.CopyString(c.Query("source")), After: utils.CopyString(c.Query("after"))}
	var err error
	if q.InGrace, err = queryBool(c, "in_grace", "是否在包容期内"); err != nil {
		return err
	}
	if q.SmallMicro, err = queryBool(c, "small_micro", "是否小微企业"); err != nil {
		return err
	}
	if l := strings.TrimSpace(c.Query("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > supervision.RegisterMaxLimit {
			return apperr.Invalid("limit 应为 1–%d 的整数", supervision.RegisterMaxLimit)
		}
		q.Limit = n
	}
	page, err := h.Supervision.Register(c.UserContext(), q)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// queryBool reads an optional yes/no filter: nil when the query does not
// name it; what names it in Chinese.
func queryBool(c *fiber.Ctx, name, what string) (*bool, error) {
	var v bool
	switch strings.ToLower(strings.TrimSpace(c.Query(name))) {
	case "":
		return nil, nil
	case "true", "1":
		v = true
	case "false", "0":
		v = false
	default:
		return nil, apperr.Invalid("%s（%s）应为 true 或 false", name, what)
	}
	return &v, nil
}

func (h *handlers) violationVersions(c *fiber.Ctx) error {
	out, err := h.Supervision.ViolationVersions(c.UserContext(), supSigner(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (h *handlers) restoreViolations(c *fiber.Ctx) error {
	v, err := strconv.Atoi(c.Params("v"))
	if err != nil || v < 0 {
		return apperr.Invalid("版本号应为不小于 0 的整数（0 为程序内置的目录）")
	}
	out, err := h.Supervision.RestoreViolations(c.UserContext(), supSigner(c), v)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (h *handlers) listMeasures(c *fiber.Ctx) error {
	out, err := h.Supervision.Measures(c.UserContext(), utils.CopyString(c.Query("uscc")))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"measures": out})
}

func (h *handlers) listBases(c *fiber.Ctx) error {
	out, err := h.Supervision.Bases(c.UserContext(), utils.CopyString(c.Query("uscc")))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"bases": out})
}

func (h *handlers) listChecks(c *fiber.Ctx) error {
	out, err := h.Supervision.Checks(c.UserContext(), utils.CopyString(c.Query("uscc")))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"checks": out})
}

func (h *handlers) listCases(c *fiber.Ctx) error {
	out, err := h.Supervision.Cases(c.UserContext(), utils.CopyString(c.Query("uscc")))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"cases": out})
}

func (h *handlers) addMeasure(c *fiber.Ctx) error {
	var in supervision.MeasureInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	m, err := h.Supervision.AddMeasure(c.UserContext(), supSigner(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(m)
}

func (h *handlers) followUp(c *fiber.Ctx) error {
	var in supervision.FollowUpInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	m, err := h.Supervision.FollowUp(c.UserContext(), supSigner(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (h *handlers) addBasis(c *fiber.Ctx) error {
	var in supervision.BasisInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	b, err := h.Supervision.AddBasis(c.UserContext(), supSigner(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(b)
}

func (h *handlers) verifyComplaint(c *fiber.Ctx) error {
	var in supervision.VerificationInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	b, err := h.Supervision.VerifyComplaint(c.UserContext(), supSigner(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

func (h *handlers) addCheck(c *fiber.Ctx) error {
	var in supervision.CheckInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	ck, err := h.Supervision.AddCheck(c.UserContext(), supSigner(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ck)
}

func (h *handlers) previewCase(c *fiber.Ctx) error {
	var in supervision.CaseInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	cs, err := h.Supervision.Preview(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

func (h *handlers) openCase(c *fiber.Ctx) error {
	var in supervision.CaseInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	cs, err := h.Supervision.OpenCase(c.UserContext(), supSigner(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cs)
}

func (h *handlers) getCase(c *fiber.Ctx) error {
	cs, err := h.Supervision.Case(c.UserContext(), utils.CopyString(c.Params("id")))
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

func (h *handlers) decideCase(c *fiber.Ctx) error {
	var in supervision.DecisionInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	cs, err := h.Supervision.Decide(c.UserContext(), supSigner(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

func (h *handlers) reviewCase(c *fiber.Ctx) error {
	var in supervision.ReviewInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	cs, err := h.Supervision.Review(c.UserContext(), supSigner(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

// supervisionProfile answers the enterprise's supervision profile: the
// designation (automatic and manual), small or micro, the grace period.
func (h *handlers) supervisionProfile(c *fiber.Ctx) error {
	p, err := h.Supervision.Profile(c.UserContext(), usccParam(c))
	if err != nil {
		return err
	}
	return c.JSON(p)
}
