package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"namescope/apperr"
	"namescope/auth"
	"namescope/legal"
	"namescope/lifecycle"
)

// The lifecycle routes: reservations, registration and the name
// transitions, disputes, the holiday calendar and the audit log.
//
// Parties act with the token issued when they created the object (or, for a
// respondent, when the copy was served on it), sent as
// "Authorization: Bearer <token>" or "X-Party-Token: <token>"; a party token
// opens only its own object. Staff, registrars and admins use API keys.
// Reservations and name changes that the check stops answer 409 with the
// refusal code (name_blocked, commitment_required, approval_required), the
// full check and, for a similar name, the exact commitment text.

// partyTokenHeader is the alternative header for a party token.
const partyTokenHeader = "X-Party-Token"

// maxLifecycleBody bounds JSON bodies without evidence files.
const maxLifecycleBody = 64 << 10

// writeCtx bounds a lifecycle write that runs a name check first: the
// write itself must not be cut short by the check's search timeout.
func writeCtx(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.UserContext(), 30*time.Second)
}

func (h *handlers) lifecycleRoutes(v1 fiber.Router) {
	if h.Lifecycle == nil {
		return
	}
	reservationParty := h.party(lifecycle.KindReservation, []string{lifecycle.PartyApplicant}, auth.RoleRegistrar, auth.RoleStaff)
	v1.Post("/names/reservations", h.reserveName)
	v1.Get("/names/reservations/:id", reservationParty, h.getReservation)
	v1.Post("/names/reservations/:id/cancel", h.party(lifecycle.KindReservation, []string{lifecycle.PartyApplicant}, auth.RoleStaff), h.cancelReservation)
	v1.Post("/names/reservations/:id/registration", h.require(auth.RoleRegistrar), h.registerReservation)

	v1.Get("/enterprises/:uscc/name-status", h.nameStatus)
	v1.Get("/enterprises/:uscc/abnormal", h.abnormalEntry)
	v1.Get("/enterprises/:uscc/names", h.require(auth.RoleRegistrar, auth.RoleStaff), h.enterpriseNames)
	v1.Post("/enterprises/:uscc/name-change", h.require(auth.RoleRegistrar), h.changeName)
	v1.Post("/enterprises/:uscc/cancellation", h.require(auth.RoleRegistrar), h.cancelEnterprise)
	v1.Post("/enterprises/:uscc/revocation", h.require(auth.RoleRegistrar, auth.RoleStaff), h.revokeEnterprise)

	both := []string{lifecycle.PartyApplicant, lifecycle.PartyRespondent}
	v1.Post("/disputes", h.fileDispute)
	v1.Get("/disputes", h.require(auth.RoleStaff), h.listDisputes)
	v1.Get("/disputes/:id", h.party(lifecycle.KindDispute, both, auth.RoleStaff), h.getDispute)
	v1.Get("/disputes/:id/evidence/:no", h.party(lifecycle.KindDispute, both, auth.RoleStaff), h.getEvidence)
	v1.Post("/disputes/:id/material", h.party(lifecycle.KindDispute, []string{lifecycle.PartyApplicant}), h.supplement)
	v1.Post("/disputes/:id/answer", h.party(lifecycle.KindDispute, []string{lifecycle.PartyRespondent}, auth.RoleStaff), h.answer)
	staff := h.require(auth.RoleStaff)
	v1.Post("/disputes/:id/accept", staff, h.disputeStep(stepAccept))
	v1.Post("/disputes/:id/reject", staff, h.disputeStep(stepReject))
	v1.Post("/disputes/:id/request-material", staff, h.disputeStep(stepRequestMaterial))
	v1.Post("/disputes/:id/serve", staff, h.serve)
	v1.Post("/disputes/:id/mediation", staff, h.disputeStep(stepMediation))
	v1.Post("/disputes/:id/extension", staff, h.disputeStep(stepExtension))
	v1.Post("/disputes/:id/interest", staff, h.disputeStep(stepInterest))
	v1.Post("/disputes/:id/ruling", staff, h.disputeStep(stepRuling))
	v1.Post("/disputes/:id/sign", staff, h.disputeStep(stepSign))

	v1.Get("/holidays/:year", h.getHolidays)
	v1.Put("/holidays/:year", h.require(auth.RoleStaff), h.putHolidays)
	v1.Get("/audit", h.require(auth.RoleAdmin), h.audit)
	v1.Post("/lifecycle/sweep", h.require(auth.RoleAdmin), h.sweep)
}

// credential is the caller's bearer token or party token.
func credential(c *fiber.Ctx) string {
	if t, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return strings.TrimSpace(c.Get(partyTokenHeader))
}

// party admits the token of one of parties for the object named by :id, or
// an API key with one of roles (admin keys everywhere).
func (h *handlers) party(kind string, parties []string, roles ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		token := credential(c)
		if token == "" {
			return apperr.Unauthorized("缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌（申请时取得的令牌或 API 密钥）")
		}
		ref, ok, err := h.Lifecycle.Token(c.UserContext(), token)
		if err != nil {
			return err
		}
		if ok {
			if ref.Kind != kind || ref.ID != c.Params("id") {
				return apperr.Forbidden("该令牌只能用于签发它的申请或案件")
			}
			if !contains(parties, ref.Party) {
				return apperr.Forbidden("该操作不能使用%s令牌", partyName(ref.Party))
			}
			c.Locals("actor", ref.Actor())
			return c.Next()
		}
		key, err := h.Keys.Verify(c.UserContext(), token)
		if err != nil {
			return err
		}
		if key.Role != auth.RoleAdmin && !contains(roles, key.Role) {
			if len(roles) == 0 {
				return apperr.Forbidden("该操作只能由当事人使用其令牌进行")
			}
			return apperr.Forbidden("该操作需要当事人令牌或 %s 角色", strings.Join(roles, " 或 "))
		}
		setSigner(c, key.Signer())
		return c.Next()
	}
}

func partyName(p string) string {
	if p == lifecycle.PartyRespondent {
		return "被申请人"
	}
	return "申请人"
}

func param(c *fiber.Ctx, key string) string { return utils.CopyString(c.Params(key)) }

func usccParam(c *fiber.Ctx) string { return strings.ToUpper(param(c, "uscc")) }

// decodeBytes reads one strict JSON object: valid UTF-8, one object, known
// fields, type errors named by field.
func decodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.Invalid("请求体为空，应为 JSON 对象")
	}
	if !utf8.Valid(body) {
		return apperr.Invalid("请求体不是有效的 UTF-8 文本")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, v)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.Invalid("请求体只能包含一个 JSON 对象")
	}
	return nil
}

// decodeOptional decodes a body that may be empty.
func decodeOptional(c *fiber.Ctx, v any) error {
	if len(bytes.TrimSpace(c.Body())) == 0 {
		return nil
	}
	return decode(c, maxLifecycleBody, v)
}

// decodeWithFiles reads a JSON body whose evidence files come base64-encoded
// in it, or a multipart/form-data body with the JSON in the field "data" and
// the files in the file fields "evidence".
func decodeWithFiles(c *fiber.Ctx, v any, files *[]lifecycle.Upload) error {
	if !strings.HasPrefix(strings.ToLower(string(c.Request().Header.ContentType())), fiber.MIMEMultipartForm) {
		return decode(c, maxBody, v)
	}
	form, err := c.MultipartForm()
	if err != nil {
		return apperr.Invalid("表单上传的请求体无法解析：请检查 Content-Type 中的分隔符（boundary）与请求体是否一致")
	}
	data := form.Value["data"]
	if len(data) != 1 || len(form.Value) != 1 {
		return apperr.Invalid("表单上传应有且只有一个文本字段 data（JSON），证据文件放在文件字段 evidence 中")
	}
	if err := decodeBytes([]byte(data[0]), v); err != nil {
		if apperr.CodeOf(err) == apperr.CodeInvalid {
			// Offsets and fields are those of the data field, not the body.
			return apperr.Invalid("表单字段 data：%s", apperr.MessageOf(err))
		}
		return err
	}
	for field := range form.File {
		if field != "evidence" {
			return apperr.Invalid("未知的文件字段 %s（证据文件应放在 evidence 字段中）", field)
		}
	}
	for _, fh := range form.File["evidence"] {
		f, err := fh.Open()
		if err != nil {
			return apperr.Invalid("无法读取证据文件 %s", fh.Filename)
		}
		b, err := io.ReadAll(io.LimitReader(f, maxBody+1))
		f.Close()
		if err != nil {
			return apperr.Invalid("无法读取证据文件 %s", fh.Filename)
		}
		*files = append(*files, lifecycle.Upload{Filename: fh.Filename, ContentType: fh.Header.Get(fiber.HeaderContentType), Data: b})
	}
	return nil
}

// refusal answers a reservation or name change the check stopped: 409 with
// the refusal code, the check and the commitment text to accept.
func refusal(c *fiber.Ctx, err error) error {
	var re *lifecycle.RefusedError
	if !errors.As(err, &re) {
		return err
	}
	body := fiber.Map{"error": ErrorDetail{Code: re.Code, Message: re.Message}, "check": re.Check}
	if re.CommitmentText != "" {
		body["commitment_text"] = re.CommitmentText
	}
	return c.Status(fiber.StatusConflict).JSON(body)
}

func (h *handlers) reserveName(c *fiber.Ctx) error {
	var in lifecycle.ReserveInput
	if err := decode(c, maxCheckBody, &in); err != nil {
		return err
	}
	ctx, cancel := writeCtx(c)
	defer cancel()
	key := utils.CopyString(c.Get("Idempotency-Key"))
	r, token, replayed, err := h.Lifecycle.ReserveOnce(ctx, actor(c), key, in)
	if err != nil {
		return refusal(c, err)
	}
	status := fiber.StatusCreated
	if replayed {
		// The same request again: the original reservation, a new token.
		c.Set("Idempotent-Replayed", "true")
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(fiber.Map{
		"id": r.ID, "expires_on": r.ReservedUntil, "token": token, "reservation": r,
	})
}

func (h *handlers) getReservation(c *fiber.Ctx) error {
	r, err := h.Lifecycle.GetName(c.UserContext(), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}

type reasonBody struct {
	Reason string `json:"reason"`
}

func (h *handlers) cancelReservation(c *fiber.Ctx) error {
	var in reasonBody
	if err := decodeOptional(c, &in); err != nil {
		return err
	}
	r, err := h.Lifecycle.Withdraw(c.UserContext(), actor(c), param(c, "id"), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *handlers) registerReservation(c *fiber.Ctx) error {
	var in lifecycle.RegisterInput
	if err := decode(c, maxLifecycleBody, &in); err != nil {
		return err
	}
	r, err := h.Lifecycle.Register(c.UserContext(), actor(c), param(c, "id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (h *handlers) nameStatus(c *fiber.Ctx) error {
	st, err := h.Lifecycle.Status(c.UserContext(), usccParam(c))
	if err != nil {
		return err
	}
	return c.JSON(st)
}

func (h *handlers) abnormalEntry(c *fiber.Ctx) error {
	e, err := h.Lifecycle.Abnormal(c.UserContext(), usccParam(c))
	if err != nil {
		return err
	}
	return c.JSON(e)
}

func (h *handlers) enterpriseNames(c *fiber.Ctx) error {
	rs, err := h.Lifecycle.History(c.UserContext(), usccParam(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"names": rs})
}

func (h *handlers) changeName(c *fiber.Ctx) error {
	var in lifecycle.ChangeInput
	if err := decode(c, maxCheckBody, &in); err != nil {
		return err
	}
	ctx, cancel := writeCtx(c)
	defer cancel()
	res, err := h.Lifecycle.ChangeName(ctx, actor(c), usccParam(c), in)
	if err != nil {
		return refusal(c, err)
	}
	return c.JSON(res)
}

func (h *handlers) cancelEnterprise(c *fiber.Ctx) error {
	var in reasonBody
	if err := decodeOptional(c, &in); err != nil {
		return err
	}
	r, err := h.Lifecycle.Cancel(c.UserContext(), actor(c), usccParam(c), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *handlers) revokeEnterprise(c *fiber.Ctx) error {
	var in reasonBody
	if err := decode(c, maxLifecycleBody, &in); err != nil {
		return err
	}
	r, err := h.Lifecycle.Revoke(c.UserContext(), actor(c), usccParam(c), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *handlers) fileDispute(c *fiber.Ctx) error {
	var in lifecycle.FileInput
	if err := decodeWithFiles(c, &in, &in.Evidence); err != nil {
		return err
	}
	ctx, cancel := writeCtx(c)
	defer cancel()
	d, token, err := h.Lifecycle.File(ctx, actor(c), in)
	if err != nil {
		return err
	}
	v, err := h.Lifecycle.GetDispute(c.UserContext(), d.ID)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": d.ID, "token": token, "dispute": v})
}

func (h *handlers) listDisputes(c *fiber.Ctx) error {
	var q lifecycle.DisputeQuery
	if s := strings.TrimSpace(c.Query("state")); s != "" {
		for _, st := range strings.Split(s, ",") {
			q.States = append(q.States, lifecycle.DisputeState(strings.TrimSpace(st)))
		}
	}
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return apperr.Invalid("limit 应为 1–500 的整数")
		}
		q.Limit = n
	}
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	list, total, err := h.Lifecycle.ListDisputes(c.UserContext(), q)
	if err != nil {
		return err
	}
	if list == nil {
		list = []lifecycle.DisputeSummary{}
	}
	if format != "" {
		return sendTable(c, format, "disputes", disputeTable(list))
	}
	return c.JSON(fiber.Map{"disputes": list, "total": total})
}

func (h *handlers) getDispute(c *fiber.Ctx) error {
	v, err := h.Lifecycle.GetDispute(c.UserContext(), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) getEvidence(c *fiber.Ctx) error {
	no, err := strconv.Atoi(c.Params("no"))
	if err != nil || no < 1 {
		return apperr.Invalid("证据文件编号应为正整数")
	}
	f, err := h.Lifecycle.Evidence(c.UserContext(), param(c, "id"), no)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEOctetStream)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Evidence-Content-Type", f.ContentType)
	c.Set("X-Evidence-SHA256", f.SHA256)
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(f.Filename))
	return c.Send(f.Data)
}

type partyBody struct {
	Statement string             `json:"statement"`
	Answer    string             `json:"answer"`
	Evidence  []lifecycle.Upload `json:"evidence"`
}

func (h *handlers) supplement(c *fiber.Ctx) error {
	var in partyBody
	if err := decodeWithFiles(c, &in, &in.Evidence); err != nil {
		return err
	}
	if in.Answer != "" {
		return apperr.Invalid("补正材料请使用 statement 字段")
	}
	d, err := h.Lifecycle.Supplement(c.UserContext(), actor(c), param(c, "id"), in.Statement, in.Evidence)
	if err != nil {
		return err
	}
	return h.disputeAnswer(c, d.ID)
}

func (h *handlers) answer(c *fiber.Ctx) error {
	var in partyBody
	if err := decodeWithFiles(c, &in, &in.Evidence); err != nil {
		return err
	}
	if in.Statement != "" {
		return apperr.Invalid("答辩意见请使用 answer 字段")
	}
	d, err := h.Lifecycle.Answer(c.UserContext(), actor(c), param(c, "id"), in.Answer, in.Evidence)
	if err != nil {
		return err
	}
	return h.disputeAnswer(c, d.ID)
}

func (h *handlers) disputeAnswer(c *fiber.Ctx, id string) error {
	v, err := h.Lifecycle.GetDispute(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// stepBody is the body of the staff workflow steps; each step reads its
// own fields and refuses the others.
type stepBody struct {
	Note    string `json:"note,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Missing string `json:"missing,omitempty"`
	Result  string `json:"result,omitempty"`
	Text    string `json:"text,omitempty"`
	Until   string `json:"until,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Reasons string `json:"reasons,omitempty"`
}

type step struct {
	fields []string // the fields the step reads
	run    func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error)
}

var (
	stepAccept = step{[]string{"note"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		return h.Lifecycle.Accept(c.UserContext(), actor(c), id, b.Note)
	}}
	stepReject = step{[]string{"reason"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		return h.Lifecycle.Reject(c.UserContext(), actor(c), id, b.Reason)
	}}
	stepRequestMaterial = step{[]string{"missing"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		return h.Lifecycle.RequestMaterial(c.UserContext(), actor(c), id, b.Missing)
	}}
	stepMediation = step{[]string{"result", "text"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		if b.Result != "success" && b.Result != "failure" {
			return nil, apperr.Invalid("result 应为 success（调解成功）或 failure（调解不成）")
		}
		return h.Lifecycle.Mediate(c.UserContext(), actor(c), id, b.Result == "success", b.Text)
	}}
	stepExtension = step{[]string{"reason", "until"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		return h.Lifecycle.Extend(c.UserContext(), actor(c), id, b.Reason, b.Until)
	}}
	stepInterest = step{[]string{"reason"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		return h.Lifecycle.DeclareInterest(c.UserContext(), actor(c), id, b.Reason)
	}}
	stepRuling = step{[]string{"outcome", "reasons"}, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		by, _ := signer(c)
		return h.Lifecycle.DraftRuling(c.UserContext(), by, id, b.Outcome, b.Reasons)
	}}
	stepSign = step{nil, func(h *handlers, c *fiber.Ctx, id string, b stepBody) (*lifecycle.Dispute, error) {
		by, _ := signer(c)
		return h.Lifecycle.Sign(c.UserContext(), by, id)
	}}
)

// decodeStep reads the body of a step, refusing fields it does not use.
func decodeStep(c *fiber.Ctx, fields []string) (stepBody, error) {
	var b stepBody
	if len(bytes.TrimSpace(c.Body())) == 0 {
		return b, nil
	}
	var raw map[string]json.RawMessage
	if err := decode(c, maxLifecycleBody, &raw); err != nil {
		return b, err
	}
	for k := range raw {
		if !contains(fields, k) {
			if len(fields) == 0 {
				return b, apperr.Invalid("该步骤不需要请求体字段（未知字段 %q）", k)
			}
			return b, apperr.Invalid("未知字段 %q；该步骤的字段为 %s", k, strings.Join(fields, ", "))
		}
	}
	return b, decode(c, maxLifecycleBody, &b)
}

func (h *handlers) disputeStep(s step) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := decodeStep(c, s.fields)
		if err != nil {
			return err
		}
		d, err := s.run(h, c, param(c, "id"), b)
		if err != nil {
			return err
		}
		return h.disputeAnswer(c, d.ID)
	}
}

func (h *handlers) serve(c *fiber.Ctx) error {
	b, err := decodeStep(c, []string{"note"})
	if err != nil {
		return err
	}
	d, token, err := h.Lifecycle.Serve(c.UserContext(), actor(c), param(c, "id"), b.Note)
	if err != nil {
		return err
	}
	v, err := h.Lifecycle.GetDispute(c.UserContext(), d.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"dispute": v, "respondent_token": token})
}

func (h *handlers) getHolidays(c *fiber.Ctx) error {
	year, err := lifecycle.ParseYear(c.Params("year"))
	if err != nil {
		return err
	}
	y, known := h.Lifecycle.Holidays(c.UserContext(), year)
	return c.JSON(fiber.Map{"year": y.Year, "known": known, "source": y.Source, "builtin": y.Builtin,
		"updated_at": y.UpdatedAt, "updated_by": y.UpdatedBy, "days": y.Days})
}

type holidaysBody struct {
	Source string                  `json:"source"`
	Days   []lifecycle.CalendarDay `json:"days"`
}

// putHolidays replaces a year's calendar: JSON {"source","days":[{date,kind,name}]}
// or the TSV of lifecycle/data (Content-Type text/tab-separated-values).
func (h *handlers) putHolidays(c *fiber.Ctx) error {
	year, err := lifecycle.ParseYear(c.Params("year"))
	if err != nil {
		return err
	}
	var y *lifecycle.HolidayYear
	if strings.HasPrefix(strings.ToLower(string(c.Request().Header.ContentType())), "text/tab-separated-values") {
		if len(c.Body()) > maxLifecycleBody {
			return fiber.NewError(fiber.StatusRequestEntityTooLarge)
		}
		if !utf8.Valid(c.Body()) {
			return apperr.Invalid("请求体不是有效的 UTF-8 文本")
		}
		if y, err = lifecycle.ParseHolidayTSV(year, c.Body()); err != nil {
			return err
		}
	} else {
		var in holidaysBody
		if err := decode(c, maxLifecycleBody, &in); err != nil {
			return err
		}
		y = &lifecycle.HolidayYear{Year: year, Source: in.Source, Days: in.Days}
	}
	out, err := h.Lifecycle.ReplaceHolidays(c.UserContext(), actor(c), y)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// auditTime reads an RFC 3339 time, or a date (China time): the start of
// the day, or its end for an upper bound.
func auditTime(s, field string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, legal.ChinaTime)
	if err != nil {
		return time.Time{}, apperr.Invalid("%s 应为 RFC 3339 时间（如 2025-10-01T08:00:00+08:00）或日期 YYYY-MM-DD", field)
	}
	if end {
		return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
	}
	return d, nil
}

func (h *handlers) audit(c *fiber.Ctx) error {
	var q lifecycle.AuditQuery
	var err error
	if q.From, err = auditTime(c.Query("from"), "from", false); err != nil {
		return err
	}
	if q.To, err = auditTime(c.Query("to"), "to", true); err != nil {
		return err
	}
	q.Actor = utils.CopyString(c.Query("actor"))
	q.ObjectPrefix = utils.CopyString(c.Query("object"))
	if a := c.Query("after"); a != "" {
		if q.After, err = strconv.ParseUint(a, 10, 64); err != nil {
			return apperr.Invalid("after 应为上一页返回的 next 值")
		}
	}
	if l := c.Query("limit"); l != "" {
		if q.Limit, err = strconv.Atoi(l); err != nil || q.Limit < 1 {
			return apperr.Invalid("limit 应为 1–1000 的整数")
		}
	}
	page, err := h.Lifecycle.Audit(c.UserContext(), q)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (h *handlers) sweep(c *fiber.Ctx) error {
	rep, err := h.Lifecycle.Sweep(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(rep)
}
