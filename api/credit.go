package api

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/credit"
)

// The credit routes: the credit file of an enterprise, the lists,
// penalties, annual reports, guidance and the new-economy designation.
// Domain rules live in package credit; these handlers decode, authorize
// and answer.

// maxCreditBody bounds the JSON bodies of the credit routes.
const maxCreditBody = 64 << 10

func (h *handlers) creditRoutes(v1 fiber.Router) {
	if h.Credit == nil {
		return
	}
	v1.Get("/credit/lists/:list", h.creditList)
	v1.Post("/credit/abnormal", h.require(auth.RoleStaff), notAdmin, h.creditListAbnormal)
	v1.Post("/credit/abnormal/:id/removal", h.require(auth.RoleStaff), notAdmin, h.creditRemoveAbnormal)
	v1.Post("/credit/abnormal/:id/objections", h.creditObject)
	v1.Post("/credit/objections/:id/decision", h.require(auth.RoleStaff), notAdmin, h.creditDecideObjection)
	v1.Post("/credit/penalties", h.require(auth.RoleStaff, auth.RolePartner), notAdmin, h.creditPenalty)
	v1.Post("/credit/annual-reports", h.require(auth.RoleRegistrar, auth.RolePartner), h.creditAnnualReport)
	v1.Post("/credit/guidance", h.require(auth.RoleStaff), notAdmin, h.creditGuidance)
	v1.Post("/credit/events/:id/correction", h.require(auth.RoleStaff, auth.RolePartner), notAdmin, h.creditSupersede(credit.KindCorrection))
	v1.Post("/credit/events/:id/withdrawal", h.require(auth.RoleStaff, auth.RolePartner), notAdmin, h.creditSupersede(credit.KindWithdrawal))
	v1.Get("/credit/serious/candidates", h.require(auth.RoleStaff), h.seriousCandidates)
	v1.Post("/credit/serious/notices", h.require(auth.RoleStaff), notAdmin, h.seriousNotice)
	v1.Post("/credit/serious/notices/:id/statements", h.require(auth.RoleStaff), notAdmin, h.seriousStatement)
	v1.Post("/credit/serious/notices/:id/decision", h.require(auth.RoleStaff), notAdmin, h.seriousDecision)
	v1.Post("/credit/repairs", h.repairApply)
	v1.Get("/credit/repairs/:id", h.repairGet)
	v1.Post("/credit/repairs/:id/decision", h.require(auth.RoleStaff), notAdmin, h.repairDecide)
	v1.Get("/credit/:uscc", h.creditFile)
	v1.Get("/enterprises/:uscc/supervision", h.getSupervision)
	v1.Put("/enterprises/:uscc/supervision", h.require(auth.RoleStaff), notAdmin, h.putSupervision)
}

// creditActor is who acts: the signer of the key require admitted, with
// its holder and department (谁列入、谁修复 compares departments).
func creditActor(c *fiber.Ctx) credit.Actor {
	if s, ok := signer(c); ok {
		return credit.Actor{KeyID: s.KeyID, Role: s.Role, Holder: s.Holder, Dept: s.Dept}
	}
	return credit.ActorOf(actor(c))
}

// notAdmin refuses an admin key on a credit decision or record: it is made
// and signed by a named person of a department, and an admin key acts in
// nobody's place (it can create its holder a staff key).
func notAdmin(c *fiber.Ctx) error {
	if s, ok := signer(c); ok && s.Role == auth.RoleAdmin {
		return apperr.Forbidden("管理员密钥不能代替工作人员作出或登记信用决定，请使用本人的工作人员（staff）或协同部门（partner）密钥")
	}
	return c.Next()
}

// seesEverything reports whether the request carries a valid key that
// reads every event of a credit file (staff, partner, admin). A missing
// or invalid key reads what the public reads.
func (h *handlers) seesEverything(c *fiber.Ctx) bool {
	token, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok || h.Keys == nil {
		return false
	}
	key, err := h.Keys.Verify(c.UserContext(), strings.TrimSpace(token))
	if err != nil {
		return false
	}
	return key.Role == auth.RoleStaff || key.Role == auth.RolePartner || key.Role == auth.RoleAdmin
}

func (h *handlers) creditFile(c *fiber.Ctx) error {
	f, err := h.Credit.File(c.UserContext(), usccParam(c), h.seesEverything(c))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

// queryInt reads a positive integer query parameter, def when absent.
func queryInt(c *fiber.Ctx, name string, def int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, apperr.Invalid("%s 应为正整数", name)
	}
	return n, nil
}

func (h *handlers) creditList(c *fiber.Ctx) error {
	page, err := queryInt(c, "page", 1)
	if err != nil {
		return err
	}
	size, err := queryInt(c, "page_size", 20)
	if err != nil {
		return err
	}
	out, err := h.Credit.Page(c.UserContext(), credit.ListQuery{List: utils.CopyString(c.Params("list")),
		Q: utils.CopyString(c.Query("q")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (h *handlers) creditListAbnormal(c *fiber.Ctx) error {
	var in credit.ListInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	l, err := h.Credit.List(c.UserContext(), creditActor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(l)
}

func (h *handlers) creditRemoveAbnormal(c *fiber.Ctx) error {
	var in credit.RemoveInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	l, err := h.Credit.Remove(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (h *handlers) creditPenalty(c *fiber.Ctx) error {
	var in credit.PenaltyInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	res, err := h.Credit.RecordPenalty(c.UserContext(), creditActor(c), in)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if res.Replayed {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(res)
}

func (h *handlers) creditAnnualReport(c *fiber.Ctx) error {
	var in credit.AnnualReportInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	res, err := h.Credit.FileAnnualReport(c.UserContext(), creditActor(c), in)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if res.Replayed {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(res)
}

func (h *handlers) creditGuidance(c *fiber.Ctx) error {
	var in credit.GuidanceInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	g, err := h.Credit.Guide(c.UserContext(), creditActor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(g)
}

func (h *handlers) creditSupersede(kind credit.Kind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in credit.SupersedeInput
		if err := decode(c, maxCreditBody, &in); err != nil {
			return err
		}
		ev, err := h.Credit.Supersede(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), kind, in)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(ev)
	}
}

func (h *handlers) getSupervision(c *fiber.Ctx) error {
	if h.Supervision != nil {
		return h.supervisionProfile(c)
	}
	v, err := h.Credit.Supervision(c.UserContext(), usccParam(c))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) putSupervision(c *fiber.Ctx) error {
	var in credit.DesignationInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	v, err := h.Credit.SetDesignation(c.UserContext(), creditActor(c), usccParam(c), in)
	if err != nil {
		return err
	}
	if h.Supervision != nil {
		return h.supervisionProfile(c)
	}
	return c.JSON(v)
}

func (h *handlers) creditObject(c *fiber.Ctx) error {
	var in credit.ObjectionInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	o, err := h.Credit.Object(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

func (h *handlers) creditDecideObjection(c *fiber.Ctx) error {
	var in credit.ObjectionDecision
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	o, err := h.Credit.DecideObjection(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (h *handlers) seriousCandidates(c *fiber.Ctx) error {
	out, err := h.Credit.SeriousCandidates(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"candidates": out})
}

func (h *handlers) seriousNotice(c *fiber.Ctx) error {
	var in credit.SeriousNoticeInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	n, err := h.Credit.NoticeSerious(c.UserContext(), creditActor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(n)
}

func (h *handlers) seriousStatement(c *fiber.Ctx) error {
	var in credit.StatementInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	n, err := h.Credit.AddStatement(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(n)
}

func (h *handlers) seriousDecision(c *fiber.Ctx) error {
	var in credit.SeriousDecisionInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	n, err := h.Credit.DecideSerious(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(n)
}

// maxRepairBody bounds a repair application with its base64 evidence.
const maxRepairBody = maxBody

func (h *handlers) repairApply(c *fiber.Ctx) error {
	var in credit.RepairInput
	if err := decode(c, maxRepairBody, &in); err != nil {
		return err
	}
	r, err := h.Credit.ApplyRepair(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// repairGet answers the party with the token issued at the application,
// or a staff, partner or admin key.
func (h *handlers) repairGet(c *fiber.Ctx) error {
	token := credential(c)
	if token == "" {
		return apperr.Unauthorized("缺少访问令牌：请提供申请时取得的令牌或 API 密钥")
	}
	id := utils.CopyString(c.Params("id"))
	if strings.HasPrefix(token, auth.PrefixPartyToken) {
		r, err := h.Credit.RepairFor(c.UserContext(), id, token, false)
		if err != nil {
			return err
		}
		return c.JSON(r)
	}
	key, err := h.Keys.Verify(c.UserContext(), token)
	if err != nil {
		return err
	}
	if key.Role != auth.RoleStaff && key.Role != auth.RolePartner && key.Role != auth.RoleAdmin {
		return apperr.Forbidden("该操作需要申请人令牌或 staff、partner 角色")
	}
	r, err := h.Credit.RepairFor(c.UserContext(), id, "", true)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *handlers) repairDecide(c *fiber.Ctx) error {
	var in credit.RepairDecisionInput
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	r, err := h.Credit.DecideRepair(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
