package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/config"
	"namescope/credit"
	"namescope/dict"
	"namescope/feedback"
	"namescope/internal/health"
	"namescope/internal/metrics"
	"namescope/lexicon"
	"namescope/lifecycle"
	"namescope/name"
	"namescope/registry"
	"namescope/scope"
	"namescope/supervision"
	"namescope/web"
)

// Registry is what the HTTP layer asks of the enterprise registry
// (*registry.Service); tests put a failing one in its place.
type Registry interface {
	PutReport(ctx context.Context, actor string, in registry.Input, also ...registry.Also) (*registry.Enterprise, []registry.IdenticalName, error)
	Get(ctx context.Context, id string) (*registry.Enterprise, error)
	Search(ctx context.Context, scope, q string, limit int) ([]registry.Enterprise, error)
	History(ctx context.Context, id string) ([]json.RawMessage, error)
	SetProtected(ctx context.Context, actor, id string, protected bool, reason string) (*registry.Enterprise, error)
	PutMarks(ctx context.Context, actor, source string, in []registry.MarkInput) (int, error)
}

// KeyStore is what the HTTP layer asks of the API keys (*auth.Keys).
type KeyStore interface {
	Create(ctx context.Context, actor string, in auth.NewKey) (*auth.Key, string, error)
	List(ctx context.Context) ([]auth.Key, error)
	Revoke(ctx context.Context, actor, id string) (*auth.Key, error)
	Verify(ctx context.Context, token string) (*auth.Key, error)
}

// Deps are what the HTTP layer calls.
type Deps struct {
	Checker  *name.Checker
	Registry Registry
	Keys     KeyStore
	// Lifecycle runs reservations, name transitions and disputes (nil: no lifecycle routes).
	Lifecycle *lifecycle.Service
	// Credit is the credit file and lists (nil: no credit routes).
	Credit *credit.Service
	// Supervision is inclusive and prudent supervision (nil: no
	// supervision routes; the enterprise's supervision view is then
	// credit's).
	Supervision *supervision.Service
	// Feedback keeps the findings applicants report as wrong (nil: no
	// report routes).
	Feedback *feedback.Service
	// Lexicon keeps the lexicon words staff add at run time (nil: no
	// lexicon routes).
	Lexicon *lexicon.Service
	// Backup writes the store's backup from version since and returns the
	// since of the next one (nil: no backup route).
	Backup func(w io.Writer, since uint64) (uint64, error)
	Log    *slog.Logger
	// Scope returns the business-scope service, nil while it is loading
	// (its segmenter dictionary takes seconds; names are served meanwhile).
	Scope func() *scope.Service
	// Readiness reports the state of each component (store, indexes,
	// scope …) for GET /readyz; routes that need a component that is not
	// ready answer 503. Nil: everything is ready.
	Readiness func() health.Report
	// PublicRatePerMinute limits public requests per client IP; 0 disables.
	PublicRatePerMinute int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (none: the peer address is the client).
	TrustedProxies TrustedProxies
	// SearchTimeout bounds the work of one check or search (default 2 s).
	SearchTimeout time.Duration
	// Authorities are the registration authorities served, validated
	// (config.Config.Validate); the default one is the pages' first choice
	// and the scope of a registry search that names none. Empty: those of
	// config.Default().
	Authorities []config.Authority
	// Metrics are the application's Prometheus metrics, served at GET
	// /metrics (nil: New makes its own, without the application's state;
	// see metrics.NewStateCollector).
	Metrics *metrics.Metrics
	// MetricsRequireKey restricts GET /metrics to admin keys of Keys (401
	// without a key, 403 with another role). By default the metrics are a
	// public read: they carry counts and timings, no record.
	MetricsRequireKey bool
	// AccessLog receives one line per request (see logAccess); nil: none.
	AccessLog *slog.Logger
}

// Body size limits.
const (
	maxBody      = 4 << 20 // whole request
	maxCheckBody = 16 << 10
)

// New builds the fiber application.
func New(d Deps) *fiber.App {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.SearchTimeout == 0 {
		d.SearchTimeout = 2 * time.Second
	}
	if len(d.Authorities) == 0 {
		d.Authorities = config.Default().Authorities
	}
	if d.Metrics == nil {
		d.Metrics = metrics.New()
	}
	h := &handlers{Deps: d}
	app := fiber.New(fiber.Config{
		ErrorHandler:          errorHandler(d.Log),
		BodyLimit:             maxBody,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
		AppName:               "namescope",
	})
	// Request id, metrics and access log: first, so that they see every
	// answer, a recovered panic's included.
	app.Use(h.observe)
	app.Use(recover.New())

	app.Get("/healthz", h.health)
	app.Get("/readyz", h.readyz)
	h.metricsRoutes(app)
	app.Use("/api/v1", h.gate)

	// Every API request is rate-limited per client IP, except those that
	// carry a valid key (registration systems and staff).
	v1 := app.Group("/api/v1", h.rateLimit())
	v1.Get("/authorities", h.authorities)
	v1.Post("/names/check", h.checkName)
	v1.Get("/enterprises", h.searchEnterprises)
	v1.Get("/enterprises/:id", h.getEnterprise)

	v1.Post("/enterprises", h.require(auth.RoleRegistrar), h.putEnterprise)
	v1.Put("/enterprises/:id/protection", h.require(auth.RoleStaff), h.setProtection)
	v1.Get("/enterprises/:id/history", h.require(auth.RoleStaff), h.enterpriseHistory)
	v1.Post("/trademarks", h.require(auth.RoleRegistrar), h.putMarks)
	v1.Post("/keys", h.require(auth.RoleAdmin), h.createKey)
	v1.Get("/keys", h.require(auth.RoleAdmin), h.listKeys)
	v1.Delete("/keys/:id", h.require(auth.RoleAdmin), h.revokeKey)
	h.lifecycleRoutes(v1)
	h.creditRoutes(v1)
	h.supervisionRoutes(v1)
	h.scopeRoutes(v1)
	h.feedbackRoutes(v1)
	h.lexiconRoutes(v1)
	h.backupRoutes(v1)
	h.docsRoutes(app, v1)
	// The pages, after the API so that /api/v1 keeps priority.
	web.Mount(app, d.Authorities)
	return app
}

type handlers struct {
	Deps

	routesOnce sync.Once
	routes     *routeTable // the route patterns, for requests no handler served
}

func (h *handlers) rateLimit() fiber.Handler {
	if h.PublicRatePerMinute <= 0 {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return limiter.New(limiter.Config{
		Max:          h.PublicRatePerMinute,
		Expiration:   time.Minute,
		KeyGenerator: h.clientKey,
		Next: func(c *fiber.Ctx) bool {
			token, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
			if !ok || h.Keys == nil {
				return false
			}
			_, err := h.Keys.Verify(c.UserContext(), strings.TrimSpace(token))
			return err == nil
		},
		LimitReached: func(c *fiber.Ctx) error {
			h.Metrics.RateLimited()
			return fiber.NewError(fiber.StatusTooManyRequests)
		},
	})
}

// require admits requests whose bearer key has one of roles; admin keys are
// admitted everywhere. The key's holder signs the request (signer).
func (h *handlers) require(roles ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		header := c.Get(fiber.HeaderAuthorization)
		token, ok := strings.CutPrefix(header, "Bearer ")
		if !ok {
			token = ""
		}
		key, err := h.Keys.Verify(c.UserContext(), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		if key.Role != auth.RoleAdmin && !contains(roles, key.Role) {
			return apperr.Forbidden("该操作需要 %s 角色", strings.Join(roles, " 或 "))
		}
		setSigner(c, key.Signer())
		return c.Next()
	}
}

// setSigner makes s the signer of the request: its actor string for the
// domain calls (actor), the signer itself (signer), and the request's
// context carries it (auth.WithSigner) so that the audit entries its
// decisions write record the holder and department.
func setSigner(c *fiber.Ctx, s auth.Signer) {
	c.Locals("actor", s.Actor())
	c.Locals("signer", s)
	c.SetUserContext(auth.WithSigner(c.UserContext(), s))
}

// signer is the holder of the API key that made the request, once require
// (or party, for a key) admitted it; false for public and party-token
// requests.
func signer(c *fiber.Ctx) (auth.Signer, bool) {
	s, ok := c.Locals("signer").(auth.Signer)
	return s, ok
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func actor(c *fiber.Ctx) string {
	if a, ok := c.Locals("actor").(string); ok {
		return a
	}
	return "public"
}

// decode reads a JSON body strictly (see decodeBytes) of at most limit bytes.
func decode(c *fiber.Ctx, limit int, v any) error {
	body := c.Body()
	if len(body) > limit {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge)
	}
	return decodeBytes(body, v)
}

func (h *handlers) ctx(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.UserContext(), h.SearchTimeout)
}

// health is liveness: the process serves. Whether it can answer is
// /readyz (ready.go).
func (h *handlers) health(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// CheckRequest is the body of POST /api/v1/names/check.
type CheckRequest struct {
	Name            string   `json:"name"`
	AuthorityCode   string   `json:"authority_code"`
	IndustryCode    string   `json:"industry_code"`
	EntType         string   `json:"ent_type"`
	Investors       []string `json:"investors"`
	ForeignInvested bool     `json:"foreign_invested"`
}

func (h *handlers) checkName(c *fiber.Ctx) error {
	var req CheckRequest
	if err := decode(c, maxCheckBody, &req); err != nil {
		return err
	}
	ctx, cancel := h.ctx(c)
	defer cancel()
	res, err := h.Checker.Check(ctx, name.Request{
		Name: req.Name, AuthorityCode: req.AuthorityCode, IndustryCode: req.IndustryCode,
		EntType: req.EntType, Investors: req.Investors, ForeignInvested: req.ForeignInvested,
	})
	if err != nil {
		return err
	}
	read := res.CandidatesRead()
	h.Metrics.ObserveCheck(string(res.Verdict), read.Compared, read.Names, read.Marks)
	return c.JSON(res)
}

// EnterpriseInput is the body of POST /api/v1/enterprises: the record and,
// optionally, its business-scope entry codes (recorded by supervision for
// the automatic new-economy designation).
type EnterpriseInput struct {
	registry.Input
	ScopeCodes []string `json:"scope_codes"`
}

func (h *handlers) putEnterprise(c *fiber.Ctx) error {
	var body EnterpriseInput
	if err := decode(c, maxCheckBody, &body); err != nil {
		return err
	}
	in := body.Input
	// The scope codes are recorded in the transaction that writes the
	// record (and validated there: a bad code leaves nothing written), so
	// that the automatic designation and the new-economy register follow
	// the codes of this very request.
	var also []registry.Also
	if body.ScopeCodes != nil && h.Supervision != nil {
		if strings.TrimSpace(in.USCC) == "" {
			return apperr.Invalid("scope_codes 须与 uscc（统一社会信用代码）一同提交")
		}
		also = append(also, h.Supervision.ScopeCodesTx(actor(c), supervision.ScopeFromEnterprise, body.ScopeCodes))
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 30*time.Second)
	defer cancel()
	e, identical, err := h.Registry.PutReport(ctx, actor(c), in, also...)
	if err != nil {
		return err
	}
	if identical == nil {
		identical = []registry.IdenticalName{}
	}
	// The registration system decided; identical names are accepted and
	// reported (Reg 734 Art 17) for staff to follow up.
	return c.Status(fiber.StatusCreated).JSON(PutEnterpriseAnswer{Enterprise: e, IdenticalNames: identical})
}

// PutEnterpriseAnswer is the answer to POST /api/v1/enterprises: the
// record, and the enterprises whose names the law treats as identical.
type PutEnterpriseAnswer struct {
	*registry.Enterprise
	IdenticalNames []registry.IdenticalName `json:"identical_names"`
}

func (h *handlers) getEnterprise(c *fiber.Ctx) error {
	id := strings.ToUpper(utils.CopyString(c.Params("id")))
	if id == "" || len(id) > 64 {
		return apperr.Invalid("缺少或无效的统一社会信用代码")
	}
	e, err := h.Registry.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	// An enterprise ordered to stop using its name is shown by its USCC
	// until it changes the name (Reg 734 Art 23).
	if h.Lifecycle != nil {
		if e, err = h.Lifecycle.PublicEnterprise(c.UserContext(), e); err != nil {
			return err
		}
	}
	// The legal representative is personal data: never in a public answer.
	return c.JSON(registry.WithoutPersonal(e))
}

type keyRequest struct {
	Role   string `json:"role"`
	Label  string `json:"label"`
	Holder string `json:"holder"`
	Dept   string `json:"dept"`
}

func (h *handlers) createKey(c *fiber.Ctx) error {
	var req keyRequest
	if err := decode(c, maxCheckBody, &req); err != nil {
		return err
	}
	key, token, err := h.Keys.Create(c.UserContext(), actor(c), auth.NewKey{Role: req.Role, Label: req.Label, Holder: req.Holder, Dept: req.Dept})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"key": key, "token": token})
}

func (h *handlers) listKeys(c *fiber.Ctx) error {
	keys, err := h.Keys.List(c.UserContext())
	if err != nil {
		return err
	}
	if keys == nil {
		keys = []auth.Key{}
	}
	return c.JSON(fiber.Map{"keys": keys})
}

func (h *handlers) revokeKey(c *fiber.Ctx) error {
	key, err := h.Keys.Revoke(c.UserContext(), actor(c), utils.CopyString(c.Params("id")))
	if err != nil {
		return err
	}
	return c.JSON(key)
}

type protectionRequest struct {
	Protected *bool  `json:"protected"`
	Reason    string `json:"reason"`
}

func (h *handlers) setProtection(c *fiber.Ctx) error {
	var req protectionRequest
	if err := decode(c, maxCheckBody, &req); err != nil {
		return err
	}
	if req.Protected == nil {
		return apperr.Invalid("缺少 protected（true 或 false）")
	}
	id := strings.ToUpper(utils.CopyString(c.Params("id")))
	e, err := h.Registry.SetProtected(c.UserContext(), actor(c), id, *req.Protected, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(e)
}

type marksRequest struct {
	Marks []registry.MarkInput `json:"marks"`
}

func (h *handlers) putMarks(c *fiber.Ctx) error {
	var req marksRequest
	if err := decode(c, maxBody, &req); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 60*time.Second)
	defer cancel()
	n, err := h.Registry.PutMarks(ctx, actor(c), "api", req.Marks)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"imported": n})
}

func (h *handlers) searchEnterprises(c *fiber.Ctx) error {
	scope := c.Query("scope")
	if scope == "" {
		scope, _ = dict.AuthorityScope(h.defaultAuthority().Code)
	}
	limit := c.QueryInt("limit", 20)
	ctx, cancel := h.ctx(c)
	defer cancel()
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	hits, err := h.Registry.Search(ctx, utils.CopyString(scope), utils.CopyString(c.Query("q")), limit)
	if err != nil {
		return err
	}
	for i := range hits {
		hits[i].LegalRep = "" // personal data: never in a public answer
	}
	if format != "" {
		return sendTable(c, format, "registry", enterpriseTable(hits))
	}
	return c.JSON(fiber.Map{"hits": hits, "total": len(hits)})
}

func (h *handlers) enterpriseHistory(c *fiber.Ctx) error {
	id := strings.ToUpper(utils.CopyString(c.Params("id")))
	entries, err := h.Registry.History(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"history": entries})
}
