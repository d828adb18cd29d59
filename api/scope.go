package api

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/scope"
	"namescope/supervision"
)

// maxCatalogueBody bounds a catalogue import (the national catalogue is
// about 2,000 entries, well under this in any of the formats).
const maxCatalogueBody = 32 << 20

func (h *handlers) scopeRoutes(v1 fiber.Router) {
	v1.Get("/scope/search", h.scopeSearch)
	v1.Post("/scope/compose", h.scopeCompose)
	v1.Post("/scope/normalize", h.scopeNormalize)
	v1.Get("/scope/catalog", h.scopeCatalogInfo)
	v1.Post("/scope/catalog", h.require(auth.RoleAdmin), h.scopeImport)
	v1.Post("/scope/registrations", h.require(auth.RoleRegistrar), h.scopeRegister)
	v1.Get("/departments", h.departments)
	v1.Get("/departments/:id/notices", h.require(auth.RoleStaff), h.departmentNotices)
	v1.Post("/departments/:id/notices/:nid/ack", h.require(auth.RoleStaff), h.ackNotice)
}

// scopeService returns the scope service, or 503 while it is loading.
func (h *handlers) scopeService() (*scope.Service, error) {
	if h.Scope == nil {
		return nil, fiber.NewError(fiber.StatusServiceUnavailable, "经营范围目录正在加载，请稍后重试")
	}
	s := h.Scope()
	if s == nil {
		return nil, fiber.NewError(fiber.StatusServiceUnavailable, "经营范围目录正在加载，请稍后重试")
	}
	return s, nil
}

func (h *handlers) scopeSearch(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	q := scope.Query{Text: utils.CopyString(c.Query("q")), Industry: utils.CopyString(c.Query("industry")), Limit: c.QueryInt("limit", 10)}
	if k := c.Query("kind"); k != "" {
		if q.Kind, err = scope.ParseKind(k); err != nil {
			return apperr.Invalid("kind 应为 general、licensed 或 filing")
		}
	}
	ctx, cancel := h.ctx(c)
	defer cancel()
	res, err := s.Search(ctx, q)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (h *handlers) scopeCompose(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	var req scope.ComposeRequest
	if err := decode(c, maxCheckBody, &req); err != nil {
		return err
	}
	ctx, cancel := h.ctx(c)
	defer cancel()
	res, err := s.Compose(ctx, req)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

type normalizeRequest struct {
	Text string `json:"text"`
}

func (h *handlers) scopeNormalize(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	var req normalizeRequest
	if err := decode(c, 64<<10, &req); err != nil {
		return err
	}
	ctx, cancel := h.ctx(c)
	defer cancel()
	res, err := s.Normalize(ctx, req.Text)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (h *handlers) scopeCatalogInfo(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	versions, err := s.Versions(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"active": s.Catalogue().Info(), "versions": versions})
}

// scopeImport replaces the catalogue. The body is the file itself; its
// format comes from ?format=json|official|csv|xlsx or the Content-Type.
func (h *handlers) scopeImport(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	body := c.Body()
	if len(body) == 0 {
		return apperr.Invalid("请求体为空：请上传目录文件（JSON、CSV 或 XLSX）")
	}
	if len(body) > maxCatalogueBody {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge)
	}
	format := c.Query("format")
	if format == "" {
		ct := strings.ToLower(c.Get(fiber.HeaderContentType))
		switch {
		case strings.Contains(ct, "csv"):
			format = "csv"
		case strings.Contains(ct, "spreadsheet") || strings.Contains(ct, "excel"):
			format = "xlsx"
		default:
			format = "official"
		}
	}
	f, err := scope.ParseFormat(format)
	if err != nil {
		return err
	}
	name := c.Query("name", "导入目录 "+time.Now().Format("2006-01-02"))
	cat, err := scope.Load(f, bytes.NewReader(bytes.Clone(body)), utils.CopyString(name))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Minute)
	defer cancel()
	info, err := s.Import(ctx, cat)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(info)
}

func (h *handlers) scopeRegister(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	var reg scope.Registration
	if err := decode(c, maxCheckBody, &reg); err != nil {
		return err
	}
	// The enterprise's scope codes, for the automatic new-economy
	// designation (supervision), are recorded and validated in the
	// transaction that stores the notices: both commit or neither does.
	var also []scope.Also
	if h.Supervision != nil && strings.TrimSpace(reg.USCC) != "" {
		also = append(also, h.Supervision.ScopeCodesOf(actor(c), supervision.ScopeFromRegistration, reg.USCC, reg.Codes))
	}
	notices, err := s.Notify(c.UserContext(), reg, also...)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"notices": notices})
}

func (h *handlers) departments(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"departments": scope.Departments()})
}

func (h *handlers) departmentNotices(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	page := scope.NoticePage{After: utils.CopyString(c.Query("after")), Limit: c.QueryInt("limit", 50), Pending: c.QueryBool("pending", false)}
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	list, err := s.DepartmentNotices(c.UserContext(), utils.CopyString(c.Params("id")), page)
	if err != nil {
		return err
	}
	if format != "" {
		return sendTable(c, format, "notices-"+utils.CopyString(c.Params("id")), noticeTable(list))
	}
	return c.JSON(list)
}

func (h *handlers) ackNotice(c *fiber.Ctx) error {
	s, err := h.scopeService()
	if err != nil {
		return err
	}
	n, err := s.AckNotice(c.UserContext(), utils.CopyString(c.Params("id")), utils.CopyString(c.Params("nid")))
	if err != nil {
		return err
	}
	return c.JSON(n)
}
