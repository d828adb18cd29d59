package api

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/feedback"
)

// maxReportBody bounds a report or a decision: a name, a code and a note
// of at most 500 characters.
const maxReportBody = 16 << 10

// feedbackRoutes adds the reports of findings applicants believe wrong:
// anyone reports (rate-limited like every public route), staff list and
// decide.
func (h *handlers) feedbackRoutes(v1 fiber.Router) {
	if h.Feedback == nil {
		return
	}
	v1.Post("/names/reports", h.submitReport)
	v1.Get("/names/reports", h.require(auth.RoleStaff), h.listReports)
	v1.Post("/names/reports/:id/resolve", h.require(auth.RoleStaff), h.resolveReport)
}

func (h *handlers) submitReport(c *fiber.Ctx) error {
	var in feedback.SubmitInput
	if err := decode(c, maxReportBody, &in); err != nil {
		return err
	}
	ctx, cancel := h.ctx(c)
	defer cancel()
	r, err := h.Feedback.Submit(ctx, actor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (h *handlers) listReports(c *fiber.Ctx) error {
	state, err := feedback.ParseState(utils.CopyString(c.Query("state")))
	if err != nil {
		return err
	}
	limit := 0
	if l := strings.TrimSpace(c.Query("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > feedback.MaxLimit {
			return apperr.Invalid("limit 应为 1–%d 的整数", feedback.MaxLimit)
		}
		limit = n
	}
	page, err := h.Feedback.List(c.UserContext(), state, utils.CopyString(c.Query("after")), limit)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// resolveRequest is the body of POST /api/v1/names/reports/{id}/resolve.
type resolveRequest struct {
	Confirmed *bool  `json:"confirmed"`
	Note      string `json:"note"`
}

func (h *handlers) resolveReport(c *fiber.Ctx) error {
	var req resolveRequest
	if err := decode(c, maxReportBody, &req); err != nil {
		return err
	}
	if req.Confirmed == nil {
		return apperr.Invalid("缺少 confirmed：true 表示确认误判，false 表示驳回")
	}
	r, err := h.Feedback.Resolve(c.UserContext(), utils.CopyString(c.Params("id")), actor(c), *req.Confirmed, req.Note)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
