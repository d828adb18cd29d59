package api

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/credit"
	"namescope/lifecycle"
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
	v1.Post("/credit/abnormal", h.require(auth.RoleStaff), notAdmin, creditAction(h, fiber.StatusCreated, (*credit.Service).List))
	v1.Post("/credit/abnormal/:id/removal", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).Remove))
	v1.Post("/credit/abnormal/:id/objections", creditActionOn(h, fiber.StatusCreated, (*credit.Service).Object))
	v1.Post("/credit/objections/:id/decision", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).DecideObjection))
	v1.Post("/credit/penalties", h.require(auth.RoleStaff, auth.RolePartner), notAdmin, h.creditPenalty)
	v1.Post("/credit/annual-reports", h.require(auth.RoleRegistrar, auth.RolePartner), h.creditAnnualReport)
	v1.Post("/credit/guidance", h.require(auth.RoleStaff), notAdmin, creditAction(h, fiber.StatusCreated, (*credit.Service).Guide))
	v1.Post("/credit/events/:id/correction", h.require(auth.RoleStaff, auth.RolePartner), notAdmin, h.creditSupersede(credit.KindCorrection))
	v1.Post("/credit/events/:id/withdrawal", h.require(auth.RoleStaff, auth.RolePartner), notAdmin, h.creditSupersede(credit.KindWithdrawal))
	v1.Get("/credit/serious/candidates", h.require(auth.RoleStaff), h.seriousCandidates)
	v1.Post("/credit/serious/notices", h.require(auth.RoleStaff), notAdmin, creditAction(h, fiber.StatusCreated, (*credit.Service).NoticeSerious))
	v1.Post("/credit/serious/notices/:id/statements", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).AddStatement))
	v1.Post("/credit/serious/notices/:id/decision", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).DecideSerious))
	v1.Post("/credit/repairs", h.repairApply)
	v1.Get("/credit/repairs/:id", h.repairGet)
	v1.Post("/credit/repairs/:id/decision", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).DecideRepair))
	v1.Get("/credit/repairs", h.require(auth.RoleStaff), h.repairList)
	v1.Get("/credit/serious/notices", h.require(auth.RoleStaff), h.seriousNotices)
	v1.Post("/credit/red", h.require(auth.RoleStaff), notAdmin, creditAction(h, fiber.StatusCreated, (*credit.Service).ProposeRed))
	v1.Get("/credit/red/entries", h.require(auth.RoleStaff), h.redEntries(true))
	v1.Get("/credit/red/announcements", h.redEntries(false))
	v1.Post("/credit/red/:id/objections", creditActionOn(h, fiber.StatusCreated, (*credit.Service).ObjectRed))
	v1.Post("/credit/red/:id/objections/:no/decision", h.require(auth.RoleStaff), notAdmin, h.redDecideObjection)
	v1.Post("/credit/red/:id/decision", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).DecideRed))
	v1.Post("/credit/red/:id/removal", h.require(auth.RoleStaff), notAdmin, creditActionOn(h, fiber.StatusOK, (*credit.Service).RemoveRed))
	v1.Get("/credit/documents/:id", h.creditDocument)
	v1.Get("/credit/:uscc", h.creditFile)
	v1.Get("/enterprises/:uscc/supervision", h.getSupervision)
	v1.Put("/enterprises/:uscc/supervision", h.require(auth.RoleStaff), notAdmin, h.putSupervision)
}

// creditAction is the handler of a credit write that takes a JSON body:
// decode it strictly, call the credit service as the request's signer,
// answer status with the result.
func creditAction[I, O any](h *handlers, status int, call func(*credit.Service, context.Context, credit.Actor, I) (O, error)) fiber.Handler {
	return creditActionOn(h, status, func(s *credit.Service, ctx context.Context, by credit.Actor, _ string, in I) (O, error) {
		return call(s, ctx, by, in)
	})
}

// creditActionOn is creditAction on the record the path's :id names.
func creditActionOn[I, O any](h *handlers, status int, call func(*credit.Service, context.Context, credit.Actor, string, I) (O, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in I
		if err := decode(c, maxCreditBody, &in); err != nil {
			return err
		}
		out, err := call(h.Credit, c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), in)
		if err != nil {
			return err
		}
		return c.Status(status).JSON(out)
	}
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

func (h *handlers) seriousCandidates(c *fiber.Ctx) error {
	out, err := h.Credit.SeriousCandidates(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"candidates": out})
}

// repairApply takes JSON with base64 evidence, or multipart/form-data with
// the JSON in the field "data" and the files in "evidence" (as disputes).
func (h *handlers) repairApply(c *fiber.Ctx) error {
	var in credit.RepairInput
	var files []lifecycle.Upload
	if err := decodeWithFiles(c, &in, &files); err != nil {
		return err
	}
	for _, f := range files {
		in.Evidence = append(in.Evidence, credit.EvidenceFile{Filename: f.Filename, ContentType: f.ContentType, Data: f.Data})
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

func (h *handlers) repairList(c *fiber.Ctx) error {
	pending := false
	switch c.Query("state") {
	case "", "all":
	case "pending":
		pending = true
	default:
		return apperr.Invalid("state 应为 pending 或 all")
	}
	out, err := h.Credit.Repairs(c.UserContext(), pending)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"repairs": out})
}

func (h *handlers) seriousNotices(c *fiber.Ctx) error {
	out, err := h.Credit.SeriousNotices(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"notices": out})
}

// redEntries answers staff every red-list record (all), the public the
// proposals in announcement.
func (h *handlers) redEntries(all bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		out, err := h.Credit.RedEntries(c.UserContext(), all)
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"items": out})
	}
}

func (h *handlers) redDecideObjection(c *fiber.Ctx) error {
	no, err := strconv.Atoi(c.Params("no"))
	if err != nil || no < 1 {
		return apperr.Invalid("异议序号应为正整数")
	}
	var in credit.ObjectionDecision
	if err := decode(c, maxCreditBody, &in); err != nil {
		return err
	}
	r, err := h.Credit.DecideRedObjection(c.UserContext(), creditActor(c), utils.CopyString(c.Params("id")), no, in)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// creditDocument answers a numbered document: a published one to anyone;
// a notice or a decision sent to the party only to the party's token (the
// repair application's, the serious-list notice's) or a staff, partner or
// admin key.
func (h *handlers) creditDocument(c *fiber.Ctx) error {
	id := utils.CopyString(c.Params("id"))
	token := credential(c)
	staff := false
	if token != "" && !strings.HasPrefix(token, auth.PrefixPartyToken) {
		key, err := h.Keys.Verify(c.UserContext(), token)
		if err != nil {
			return err
		}
		token = ""
		if key.Role != auth.RoleStaff && key.Role != auth.RolePartner && key.Role != auth.RoleAdmin {
			// Another role reads what the public reads.
			d, err := h.Credit.DocumentFor(c.UserContext(), id, "", false)
			if apperr.CodeOf(err) == apperr.CodeUnauthorized {
				return apperr.Forbidden("该文书只送达当事人：需要当事人令牌或 staff、partner 角色")
			}
			if err != nil {
				return err
			}
			return c.JSON(d)
		}
		staff = true
	}
	d, err := h.Credit.DocumentFor(c.UserContext(), id, token, staff)
	if err != nil {
		return err
	}
	return c.JSON(d)
}
