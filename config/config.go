package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"namescope/dict"
)

// Config is the effective configuration of one process.
type Config struct {
	Server      Server      `toml:"server"`
	Authorities []Authority `toml:"authorities"`
	Limits      Limits      `toml:"limits"`
	Proxy       Proxy       `toml:"proxy"`
	Metrics     Metrics     `toml:"metrics"`
	Supervision Supervision `toml:"supervision"`
	Credit      Credit      `toml:"credit"`
}

// Server holds what `namescope serve` and the other commands open.
type Server struct {
	// Addr is the listen address of `serve`.
	Addr string `toml:"addr" env:"NAMESCOPE_ADDR"`
	// Data is the data directory (store and indexes).
	Data string `toml:"data" env:"NAMESCOPE_DATA"`
	// Demo seeds the embedded demo registry once.
	Demo bool `toml:"demo" env:"NAMESCOPE_DEMO"`
	// IndustryLevel is the level at which identical names compare
	// industries: section, division or group.
	IndustryLevel string `toml:"industry_level" env:"NAMESCOPE_INDUSTRY_LEVEL"`
	// RestrictToServed refuses checks (and the reservations and name
	// changes that check) naming an authority outside Authorities. False
	// (today's behaviour): any known division is accepted.
	RestrictToServed bool `toml:"restrict_to_served" env:"NAMESCOPE_RESTRICT_TO_SERVED"`
	// CandidateCache is how many candidate records (the fields of an
	// existing name that a check compares, about 400 bytes each in memory)
	// the name check keeps in memory; 0 reads every one from the store.
	// The default is registry.DefaultCandidateCache.
	CandidateCache int `toml:"candidate_cache" env:"NAMESCOPE_CANDIDATE_CACHE"`
}

// Authority is one registration authority the process serves.
type Authority struct {
	// Code is its six-digit division code (dict's division data).
	Code string `toml:"code"`
	// Name is the division's name in messages and pages; empty: the
	// division data's full name.
	Name string `toml:"name"`
	// Bureau is the authority's own name; empty: Name + 市场监督管理局.
	Bureau string `toml:"bureau"`
	// Default marks the authority the pages and the command line start
	// with; with none marked, the first of the list.
	Default bool `toml:"default"`
	// ProtectionRule is the title of the local measure that protects the
	// 字号 of new-economy enterprises, cited beside 总局令第82号 when a check
	// meets a protected 字号; empty cites the order alone.
	ProtectionRule string `toml:"protection_rule"`
	// Title is the site title of the pages; empty: Name + 企业名称自主申报.
	Title string `toml:"title"`
	// DocPrefix is the authority's abbreviation that starts the number of
	// its credit documents (平市监 in 平市监信列〔2026〕第0001号); empty: the
	// first character of Name + 市监.
	DocPrefix string `toml:"doc_prefix"`
}

// Limits bound the public load.
type Limits struct {
	// PublicRatePerMinute limits public API requests per client IP; 0
	// disables the limit.
	PublicRatePerMinute int `toml:"public_rate_per_minute" env:"NAMESCOPE_RATE"`
	// SearchTimeout bounds the work of one check or search.
	SearchTimeout time.Duration `toml:"search_timeout" env:"NAMESCOPE_SEARCH_TIMEOUT"`
}

// Proxy says which reverse proxies are trusted.
type Proxy struct {
	// Trusted are the reverse proxies (addresses or CIDR prefixes) whose
	// X-Forwarded-For names the client; none: the peer is the client.
	Trusted []string `toml:"trusted" env:"NAMESCOPE_TRUSTED_PROXIES"`
}

// Metrics configures the metrics endpoint.
type Metrics struct {
	// Restricted requires an admin key for the metrics endpoint; false:
	// open to anyone who reaches the server (today's behaviour).
	Restricted bool `toml:"restricted" env:"NAMESCOPE_METRICS_RESTRICTED"`
	// AccessLog writes one JSON line per request to standard error
	// (request id, method, route, status, duration, role; never a token, a
	// query string or a body).
	AccessLog bool `toml:"access_log" env:"NAMESCOPE_ACCESS_LOG"`
}

// Supervision holds the defaults of the supervision module: 双随机一公开
// inspections and the 包容审慎 tolerance of new-economy enterprises.
type Supervision struct {
	// GracePeriodMonths is the 包容期 of a small or micro new-economy
	// (四新) enterprise from its establishment: within it a minor first violation on the
	// minor-violation list is not punished (行政处罚法 Art 33; 优化营商环境条例
	// Art 55). The local policy allows 1–2 years: 12 to 24.
	GracePeriodMonths int `toml:"grace_period_months" env:"NAMESCOPE_SUPERVISION_GRACE_PERIOD_MONTHS"`
	// GracePeriodMonthsOther is the 包容期 of a new-economy enterprise
	// that is not small or micro (the policy's 1 year); it is at most
	// GracePeriodMonths, which is then the period of small and micro ones.
	GracePeriodMonthsOther int `toml:"grace_period_months_other" env:"NAMESCOPE_SUPERVISION_GRACE_PERIOD_MONTHS_OTHER"`
	// LighterBandPercent is the share of a fine range 从轻 recommends, from
	// its minimum (Jiangsu publishes the lowest 30 %); HeavierBandPercent
	// the share 从重 recommends, up to its maximum; 一般 is in between.
	LighterBandPercent int `toml:"lighter_band_percent" env:"NAMESCOPE_SUPERVISION_LIGHTER_BAND_PERCENT"`
	HeavierBandPercent int `toml:"heavier_band_percent" env:"NAMESCOPE_SUPERVISION_HEAVIER_BAND_PERCENT"`
	// PolicyTitle is the title of the local policy on inclusive and
	// prudent supervision that recommendations cite for the grace period
	// and its red lines.
	PolicyTitle string `toml:"policy_title" env:"NAMESCOPE_SUPERVISION_POLICY_TITLE"`
	// MitigatedFloorPercent is the share of the statutory minimum a 减轻
	// fine does not go below (0: any amount below the minimum).
	MitigatedFloorPercent int `toml:"mitigated_floor_percent" env:"NAMESCOPE_SUPERVISION_MITIGATED_FLOOR_PERCENT"`
	// GraceExcludedDomains are the domains the grace period never covers
	// (safety baselines: 优化营商环境条例 Art 55 "确保质量和安全").
	GraceExcludedDomains []string `toml:"grace_excluded_domains" env:"NAMESCOPE_SUPERVISION_GRACE_EXCLUDED_DOMAINS"`
	// FirstViolationWindowYears is how far back a violation makes a new
	// one not the first (首违不罚, 行政处罚法 Art 33 ¶1); set locally, 1–5.
	FirstViolationWindowYears int `toml:"first_violation_window_years" env:"NAMESCOPE_SUPERVISION_FIRST_VIOLATION_WINDOW_YEARS"`
	// Sampling are the 双随机 sampling ratios per credit-risk class
	// (国市监信发〔2022〕6号: A lower, B normal, C higher, D substantially
	// higher; the numbers are set locally).
	Sampling Sampling `toml:"sampling"`
	// InspectorsPerTarget is how many inspectors are drawn for each target
	// (at least 2).
	InspectorsPerTarget int `toml:"inspectors_per_target" env:"NAMESCOPE_SUPERVISION_INSPECTORS_PER_TARGET"`
	// ResultPublicationWorkingDays is the time to publish a check's result
	// on the 公示系统 after the check (国发〔2019〕5号: within 20 working days).
	ResultPublicationWorkingDays int `toml:"result_publication_working_days" env:"NAMESCOPE_SUPERVISION_RESULT_PUBLICATION_WORKING_DAYS"`
	// PublishRiskClass shows an enterprise's credit-risk class (A–D) to the
	// public. The classification is an internal tool of supervision
	// (国市监信发〔2022〕6号); false keeps it to staff.
	PublishRiskClass bool `toml:"publish_risk_class" env:"NAMESCOPE_SUPERVISION_PUBLISH_RISK_CLASS"`
}

// Sampling are the shares (0–1) of the enterprises of each credit-risk
// class drawn in a 双随机 sampling plan.
type Sampling struct {
	A float64 `toml:"a" env:"NAMESCOPE_SUPERVISION_SAMPLING_A"` // 信用风险低
	B float64 `toml:"b" env:"NAMESCOPE_SUPERVISION_SAMPLING_B"` // 信用风险一般
	C float64 `toml:"c" env:"NAMESCOPE_SUPERVISION_SAMPLING_C"` // 信用风险较高
	D float64 `toml:"d" env:"NAMESCOPE_SUPERVISION_SAMPLING_D"` // 信用风险高
}

// Credit holds the periods of the credit module: the abnormal-operations
// list, the serious-violation list, credit repair and the publication of
// penalties.
type Credit struct {
	// AbnormalRemovalWorkingDays is the time to decide on the removal of
	// an enterprise from the 经营异常名录 once it applied (5 working days).
	AbnormalRemovalWorkingDays int `toml:"abnormal_removal_working_days" env:"NAMESCOPE_CREDIT_ABNORMAL_REMOVAL_WORKING_DAYS"`
	// AbnormalToSeriousYears: an enterprise on the 经营异常名录 that has not
	// cured the reason for this long goes on the 严重违法失信名单
	// (企业信息公示暂行条例 2014 text, Art 17 ¶2: 3 years; the 2024 revision deleted
	// the rule, whose current basis was not verified [R]).
	AbnormalToSeriousYears int `toml:"abnormal_to_serious_years" env:"NAMESCOPE_CREDIT_ABNORMAL_TO_SERIOUS_YEARS"`
	// SeriousListYears is how long an enterprise stays on the 严重违法失信名单
	// (SAMR order 44: 3 years).
	SeriousListYears int `toml:"serious_list_years" env:"NAMESCOPE_CREDIT_SERIOUS_LIST_YEARS"`
	// SeriousRepairMinMonths is the time on the serious list before credit
	// repair can remove it early (信用修复管理办法 Art 7: at least 1 year).
	SeriousRepairMinMonths int `toml:"serious_repair_min_months" env:"NAMESCOPE_CREDIT_SERIOUS_REPAIR_MIN_MONTHS"`
	// PenaltyRepairMinMonths is the publication time after which a
	// repairable penalty may stop being published on application
	// (信用修复管理办法 Art 6: at least 6 months).
	PenaltyRepairMinMonths int `toml:"penalty_repair_min_months" env:"NAMESCOPE_CREDIT_PENALTY_REPAIR_MIN_MONTHS"`
	// PenaltyRepairMinMonthsSafety is that time for food, drugs and
	// special equipment (Art 6: at least 1 year).
	PenaltyRepairMinMonthsSafety int `toml:"penalty_repair_min_months_safety" env:"NAMESCOPE_CREDIT_PENALTY_REPAIR_MIN_MONTHS_SAFETY"`
	// LowPenaltyPublicationMonths is how long a 通报批评 or a low fine is
	// published (行政处罚信息公示规定 Art 13: 3 months).
	LowPenaltyPublicationMonths int `toml:"low_penalty_publication_months" env:"NAMESCOPE_CREDIT_LOW_PENALTY_PUBLICATION_MONTHS"`
	// PenaltyPublicationYears is how long other penalties are published
	// (Art 13: 3 years; a longer restriction of operations or employment
	// is published for as long as it lasts).
	PenaltyPublicationYears int `toml:"penalty_publication_years" env:"NAMESCOPE_CREDIT_PENALTY_PUBLICATION_YEARS"`
	// LowFinePersonYuan and LowFineOrganisationYuan are the fines below
	// which a fine is "较低数额" (Art 13). The province sets them; Henan's
	// were not found, the defaults are Hubei's (10,000 and 100,000 yuan).
	LowFinePersonYuan       int `toml:"low_fine_person_yuan" env:"NAMESCOPE_CREDIT_LOW_FINE_PERSON_YUAN"`
	LowFineOrganisationYuan int `toml:"low_fine_organisation_yuan" env:"NAMESCOPE_CREDIT_LOW_FINE_ORGANISATION_YUAN"`
	// AbnormalObjectionDays is how long after a listing in the 经营异常名录
	// the enterprise may object to it [R: 60 days in the practice found].
	AbnormalObjectionDays int `toml:"abnormal_objection_days" env:"NAMESCOPE_CREDIT_ABNORMAL_OBJECTION_DAYS"`
	// ObjectionAcceptWorkingDays and ObjectionReplyWorkingDays are the
	// working days to decide whether to accept an objection and to reply
	// to it [R: 5 and 20].
	ObjectionAcceptWorkingDays int `toml:"objection_accept_working_days" env:"NAMESCOPE_CREDIT_OBJECTION_ACCEPT_WORKING_DAYS"`
	ObjectionReplyWorkingDays  int `toml:"objection_reply_working_days" env:"NAMESCOPE_CREDIT_OBJECTION_REPLY_WORKING_DAYS"`
	// SeriousStatementWorkingDays is the period for statements and
	// defence (陈述申辩) after the written notice that precedes a listing
	// in the 严重违法失信名单 [R: 5 working days assumed, to confirm
	// against SAMR order 44].
	SeriousStatementWorkingDays int `toml:"serious_statement_working_days" env:"NAMESCOPE_CREDIT_SERIOUS_STATEMENT_WORKING_DAYS"`
	// RepairAcceptWorkingDays and RepairDecisionWorkingDays are the
	// working days to accept a credit-repair application and to decide
	// it once accepted [R: ~3 and ~15 in the guides found].
	RepairAcceptWorkingDays   int `toml:"repair_accept_working_days" env:"NAMESCOPE_CREDIT_REPAIR_ACCEPT_WORKING_DAYS"`
	RepairDecisionWorkingDays int `toml:"repair_decision_working_days" env:"NAMESCOPE_CREDIT_REPAIR_DECISION_WORKING_DAYS"`
	// FailureDisclosureMaxYears bounds the disclosure of credit-failure
	// information (河南省社会信用条例 Art 19: at most 5 years).
	FailureDisclosureMaxYears int `toml:"failure_disclosure_max_years" env:"NAMESCOPE_CREDIT_FAILURE_DISCLOSURE_MAX_YEARS"`
	// RedAnnouncementWorkingDays is the public announcement (公示期) of a
	// proposal for the red list (守信激励名单) before inclusion (河南省社会
	// 信用条例 Art 28 requires the announcement; its length is not in the
	// text found) [R: 7 working days assumed].
	RedAnnouncementWorkingDays int `toml:"red_announcement_working_days" env:"NAMESCOPE_CREDIT_RED_ANNOUNCEMENT_WORKING_DAYS"`
	// RedListMonths is how long an inclusion in the red list lasts (Art 37:
	// set by the listing authority) [R: 36 months assumed].
	RedListMonths int `toml:"red_list_months" env:"NAMESCOPE_CREDIT_RED_LIST_MONTHS"`
	// ReviewDays and LitigationMonths are the periods a decision states
	// for 行政复议 (行政复议法: 60 days of learning of the act) and
	// 行政诉讼 (行政诉讼法: 6 months) [R: recalled from the laws, not in the
	// domain texts verified].
	ReviewDays       int `toml:"review_days" env:"NAMESCOPE_CREDIT_REVIEW_DAYS"`
	LitigationMonths int `toml:"litigation_months" env:"NAMESCOPE_CREDIT_LITIGATION_MONTHS"`
}

// Default is today's behaviour: one authority, 平顶山市 (410400).
func Default() *Config {
	return &Config{
		Server: Server{Addr: ":8080", Data: "namescope-data", IndustryLevel: "division", CandidateCache: 262144},
		Authorities: []Authority{{
			Code:           "410400",
			Name:           "平顶山市",
			Bureau:         "平顶山市市场监督管理局",
			Default:        true,
			ProtectionRule: "平顶山市包容审慎监管新经济企业字号保护措施",
			Title:          "平顶山市企业名称自主申报",
			DocPrefix:      "平市监",
		}},
		Limits:  Limits{PublicRatePerMinute: 600, SearchTimeout: 2 * time.Second},
		Proxy:   Proxy{Trusted: []string{}},
		Metrics: Metrics{AccessLog: true},
		Supervision: Supervision{
			GracePeriodMonths:            24,
			GracePeriodMonthsOther:       12,
			LighterBandPercent:           30,
			HeavierBandPercent:           30,
			PolicyTitle:                  "平顶山市市场监管领域包容审慎监管服务“四新”发展的指导意见",
			GraceExcludedDomains:         []string{"食品", "药品", "特种设备", "公共安全"},
			FirstViolationWindowYears:    1,
			Sampling:                     Sampling{A: 0.03, B: 0.05, C: 0.10, D: 0.20},
			InspectorsPerTarget:          2,
			ResultPublicationWorkingDays: 20,
		},
		Credit: Credit{
			AbnormalRemovalWorkingDays:   5,
			AbnormalToSeriousYears:       3,
			SeriousListYears:             3,
			SeriousRepairMinMonths:       12,
			PenaltyRepairMinMonths:       6,
			PenaltyRepairMinMonthsSafety: 12,
			LowPenaltyPublicationMonths:  3,
			PenaltyPublicationYears:      3,
			LowFinePersonYuan:            10000,
			LowFineOrganisationYuan:      100000,
			FailureDisclosureMaxYears:    5,
			AbnormalObjectionDays:        60,
			ObjectionAcceptWorkingDays:   5,
			ObjectionReplyWorkingDays:    20,
			SeriousStatementWorkingDays:  5,
			RepairAcceptWorkingDays:      3,
			RepairDecisionWorkingDays:    15,
			RedAnnouncementWorkingDays:   7,
			RedListMonths:                36,
			ReviewDays:                   60,
			LitigationMonths:             6,
		},
	}
}

// Load reads the TOML file at path over the defaults and validates the
// result. Keys the file does not name keep their defaults; a list of
// authorities replaces the default one.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("配置文件 %s 无法读取：%w", path, err)
	}
	c, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("配置文件 %s：%w", path, err)
	}
	return c, nil
}

// Parse reads a TOML document over the defaults and validates the result.
func Parse(doc []byte) (*Config, error) {
	c := Default()
	c.Authorities = nil
	md, err := toml.NewDecoder(bytes.NewReader(doc)).Decode(c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("第 %d 行无法解析：%s", pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("无法解析：%w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("未知的配置项 %s", strings.Join(keys, "、"))
	}
	if !md.IsDefined("authorities") {
		c.Authorities = Default().Authorities
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Resolve is the configuration before flags: the file at path (the
// defaults when path is empty) and then the environment (lookup is
// os.LookupEnv outside tests).
func Resolve(path string, lookup func(string) (string, bool)) (*Config, error) {
	c := Default()
	if path != "" {
		var err error
		if c, err = Load(path); err != nil {
			return nil, err
		}
	}
	if err := c.ApplyEnv(lookup); err != nil {
		return nil, err
	}
	return c, c.Validate()
}

// Encode writes c as TOML that Load reads back to the same configuration.
func (c *Config) Encode(w io.Writer) error {
	return toml.NewEncoder(w).Encode(c)
}

// DefaultAuthority is the authority marked default, or the first.
func (c *Config) DefaultAuthority() Authority {
	for _, a := range c.Authorities {
		if a.Default {
			return a
		}
	}
	if len(c.Authorities) > 0 {
		return c.Authorities[0]
	}
	return Authority{}
}

// Serves reports whether code (a six-digit division code) is one of the
// authorities served or a division within one of them.
func (c *Config) Serves(code string) bool {
	r := dict.RegionByCode(code)
	if r == nil {
		return false
	}
	for _, a := range c.Authorities {
		if a.Code == r.Code || a.Code == r.CityCode || a.Code == r.ProvinceCode {
			return true
		}
	}
	return false
}

// ProtectionRules maps each authority code to the title of its local 字号
// protection measure (authorities without one are left out).
func (c *Config) ProtectionRules() map[string]string {
	m := map[string]string{}
	for _, a := range c.Authorities {
		if a.ProtectionRule != "" {
			m[a.Code] = a.ProtectionRule
		}
	}
	return m
}

// SetAuthorities makes codes (comma-separated) the authorities served, in
// that order: an authority already configured keeps its settings, a new
// one gets those of its division. def, when not empty, becomes the default.
func (c *Config) SetAuthorities(codes, def string) error {
	if strings.TrimSpace(codes) != "" {
		old := map[string]Authority{}
		for _, a := range c.Authorities {
			old[a.Code] = a
		}
		var list []Authority
		for _, code := range strings.Split(codes, ",") {
			code = strings.TrimSpace(code)
			if code == "" {
				continue
			}
			a, ok := old[code]
			if !ok {
				a = Authority{Code: code}
			}
			list = append(list, a)
		}
		c.Authorities = list
	}
	if def = strings.TrimSpace(def); def != "" {
		found := false
		for i := range c.Authorities {
			c.Authorities[i].Default = c.Authorities[i].Code == def
			found = found || c.Authorities[i].Default
		}
		if !found {
			return fmt.Errorf("默认登记机关 %s 不在所服务的登记机关（authorities）之中", def)
		}
	}
	return nil
}

// ApplyEnv sets every value whose NAMESCOPE_* variable (the env tag of its
// field) lookup finds, and the authorities from NAMESCOPE_AUTHORITIES and
// NAMESCOPE_DEFAULT_AUTHORITY (see SetAuthorities).
func (c *Config) ApplyEnv(lookup func(string) (string, bool)) error {
	if err := applyEnv(reflect.ValueOf(c).Elem(), lookup); err != nil {
		return err
	}
	codes, _ := lookup("NAMESCOPE_AUTHORITIES")
	def, _ := lookup("NAMESCOPE_DEFAULT_AUTHORITY")
	if err := c.SetAuthorities(codes, def); err != nil {
		return fmt.Errorf("NAMESCOPE_DEFAULT_AUTHORITY：%w", err)
	}
	return nil
}

var durationType = reflect.TypeFor[time.Duration]()

func applyEnv(v reflect.Value, lookup func(string) (string, bool)) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		if f.Type.Kind() == reflect.Struct {
			if err := applyEnv(fv, lookup); err != nil {
				return err
			}
			continue
		}
		name := f.Tag.Get("env")
		if name == "" {
			continue
		}
		s, ok := lookup(name)
		if !ok {
			continue
		}
		// An empty number, switch or duration is unset (as the flags'
		// environment defaults always took it); an empty text or list is
		// empty (NAMESCOPE_DATA= keeps the data in memory).
		if strings.TrimSpace(s) == "" && fv.Kind() != reflect.String && fv.Kind() != reflect.Slice {
			continue
		}
		if err := setString(fv, s); err != nil {
			return fmt.Errorf("环境变量 %s=%q 无效：%w", name, s, err)
		}
	}
	return nil
}

// setString sets v from its text form (a comma-separated list for a
// []string).
func setString(v reflect.Value, s string) error {
	s = strings.TrimSpace(s)
	if v.Type() == durationType {
		d, err := time.ParseDuration(s)
		if err != nil {
			return errors.New("应为时长，如 2s、500ms")
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return errors.New("应为 true 或 false")
		}
		v.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return errors.New("应为整数")
		}
		v.SetInt(int64(n))
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return errors.New("应为数值")
		}
		v.SetFloat(x)
	case reflect.Slice:
		list := []string{}
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		v.Set(reflect.ValueOf(list))
	default:
		return fmt.Errorf("unsupported kind %s", v.Kind())
	}
	return nil
}

// Validate checks every value and fills what an authority leaves out.
// Errors are in Chinese and name the key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s：%s", key, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(c.Server.Addr) == "" {
		bad("server.addr", "不能为空")
	}
	if _, err := dict.ParseIndustryLevel(c.Server.IndustryLevel); err != nil {
		bad("server.industry_level", "应为 section、division 或 group，而不是 %q", c.Server.IndustryLevel)
	}
	if c.Server.CandidateCache < 0 {
		bad("server.candidate_cache", "不能为负数（0 表示不缓存）")
	}

	if len(c.Authorities) == 0 {
		bad("authorities", "至少应配置一个登记机关")
	}
	seen := map[string]bool{}
	defaults := 0
	for i := range c.Authorities {
		a := &c.Authorities[i]
		key := fmt.Sprintf("authorities[%d]", i)
		a.Code = strings.TrimSpace(a.Code)
		r := dict.RegionByCode(a.Code)
		switch {
		case a.Code == "":
			bad(key+".code", "不能为空，应为 6 位行政区划代码")
			continue
		case r == nil:
			bad(key+".code", "%q 不是已知的行政区划代码", a.Code)
			continue
		case seen[a.Code]:
			bad(key+".code", "登记机关 %s 重复配置", a.Code)
		}
		seen[a.Code] = true
		if a.Default {
			defaults++
		}
		if a.Name == "" {
			a.Name = r.Name
		}
		if a.Bureau == "" {
			a.Bureau = a.Name + "市场监督管理局"
		}
		if a.Title == "" {
			a.Title = a.Name + "企业名称自主申报"
		}
		if a.DocPrefix == "" {
			a.DocPrefix = string([]rune(a.Name)[:1]) + "市监"
		} else if n := utf8.RuneCountInString(a.DocPrefix); n > 10 || strings.ContainsAny(a.DocPrefix, "〔〕 \t\n") {
			bad(key+".doc_prefix", "文书编号前缀应为不超过 10 个字符的机关简称（如“平市监”），不含空格和“〔〕”")
		}
	}
	if defaults > 1 {
		bad("authorities", "只能有一个默认登记机关（default = true），现有 %d 个", defaults)
	}

	if c.Limits.PublicRatePerMinute < 0 {
		bad("limits.public_rate_per_minute", "不能为负数（0 表示不限）")
	}
	if c.Limits.SearchTimeout <= 0 || c.Limits.SearchTimeout > time.Minute {
		bad("limits.search_timeout", "应在 0 到 1m 之间，而不是 %s", c.Limits.SearchTimeout)
	}
	if c.Proxy.Trusted == nil {
		c.Proxy.Trusted = []string{}
	}
	for i, p := range c.Proxy.Trusted {
		if _, err := netip.ParsePrefix(p); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(p); err != nil {
			bad(fmt.Sprintf("proxy.trusted[%d]", i), "%q 不是 IP 地址或 CIDR 前缀", p)
		}
	}

	s := &c.Supervision
	inRange := func(key string, v, lo, hi int, why string) {
		if v < lo || v > hi {
			bad(key, "应在 %d 到 %d 之间（%s），而不是 %d", lo, hi, why, v)
		}
	}
	inRange("supervision.grace_period_months", s.GracePeriodMonths, 12, 24, "新经济企业包容期为 1 至 2 年")
	inRange("supervision.grace_period_months_other", s.GracePeriodMonthsOther, 12, s.GracePeriodMonths, "非小微新经济企业包容期为 1 年，不长于小微企业")
	inRange("supervision.lighter_band_percent", s.LighterBandPercent, 10, 50, "从轻处罚在罚款幅度的较低部分")
	inRange("supervision.heavier_band_percent", s.HeavierBandPercent, 10, 50, "从重处罚在罚款幅度的较高部分")
	if strings.TrimSpace(s.PolicyTitle) == "" {
		bad("supervision.policy_title", "应为本地包容审慎监管政策文件的标题（裁量建议引用）")
	}
	inRange("supervision.mitigated_floor_percent", s.MitigatedFloorPercent, 0, 90, "减轻处罚低于法定最低限额")
	inRange("supervision.first_violation_window_years", s.FirstViolationWindowYears, 1, 5, "首违认定期限由地方规定，一般为 1 至 5 年")
	if s.GraceExcludedDomains == nil {
		s.GraceExcludedDomains = []string{}
	}
	ratios := []struct {
		key string
		v   float64
	}{{"a", s.Sampling.A}, {"b", s.Sampling.B}, {"c", s.Sampling.C}, {"d", s.Sampling.D}}
	for i, r := range ratios {
		if r.v < 0 || r.v > 1 {
			bad("supervision.sampling."+r.key, "抽查比例应在 0 到 1 之间，而不是 %g", r.v)
		} else if i > 0 && r.v < ratios[i-1].v {
			bad("supervision.sampling."+r.key, "信用风险越高抽查比例应越高：%s 类（%g）不能低于 %s 类（%g）",
				strings.ToUpper(r.key), r.v, strings.ToUpper(ratios[i-1].key), ratios[i-1].v)
		}
	}
	if s.Sampling.D <= 0 {
		bad("supervision.sampling.d", "信用风险高（D 类）的企业必须抽查，比例应大于 0")
	}
	inRange("supervision.inspectors_per_target", s.InspectorsPerTarget, 2, 10, "每个检查对象至少随机选派 2 名执法检查人员")
	inRange("supervision.result_publication_working_days", s.ResultPublicationWorkingDays, 1, 20, "检查结果应在 20 个工作日内公示")

	cr := &c.Credit
	inRange("credit.abnormal_removal_working_days", cr.AbnormalRemovalWorkingDays, 1, 5, "移出经营异常名录应在 5 个工作日内作出决定")
	inRange("credit.abnormal_to_serious_years", cr.AbnormalToSeriousYears, 3, 3, "企业信息公示暂行条例（2014 年文本）第十七条第二款")
	inRange("credit.serious_list_years", cr.SeriousListYears, 1, 3, "列入严重违法失信名单的期限为 3 年")
	inRange("credit.serious_repair_min_months", cr.SeriousRepairMinMonths, 12, 36, "列入严重违法失信名单满 1 年方可申请信用修复")
	inRange("credit.penalty_repair_min_months", cr.PenaltyRepairMinMonths, 6, 36, "行政处罚信息公示满 6 个月方可申请信用修复")
	inRange("credit.penalty_repair_min_months_safety", cr.PenaltyRepairMinMonthsSafety, 12, 36, "食品、药品、特种设备领域公示满 1 年方可申请信用修复")
	inRange("credit.low_penalty_publication_months", cr.LowPenaltyPublicationMonths, 1, 3, "通报批评或较低数额罚款的公示期为 3 个月")
	inRange("credit.penalty_publication_years", cr.PenaltyPublicationYears, 1, 3, "其他行政处罚信息的公示期为 3 年")
	if cr.LowFinePersonYuan <= 0 {
		bad("credit.low_fine_person_yuan", "应为正数")
	}
	if cr.LowFineOrganisationYuan <= 0 {
		bad("credit.low_fine_organisation_yuan", "应为正数")
	}
	inRange("credit.failure_disclosure_max_years", cr.FailureDisclosureMaxYears, 1, 5, "河南省社会信用条例第十九条：失信信息披露期限不超过 5 年")
	inRange("credit.abnormal_objection_days", cr.AbnormalObjectionDays, 1, 365, "对列入经营异常名录提出异议的期限（天）")
	inRange("credit.objection_accept_working_days", cr.ObjectionAcceptWorkingDays, 1, 10, "决定是否受理异议的期限（工作日）")
	inRange("credit.objection_reply_working_days", cr.ObjectionReplyWorkingDays, 1, 30, "答复异议的期限（工作日）")
	inRange("credit.serious_statement_working_days", cr.SeriousStatementWorkingDays, 3, 30, "列入严重违法失信名单前的陈述申辩期（工作日）")
	inRange("credit.repair_accept_working_days", cr.RepairAcceptWorkingDays, 1, 10, "决定是否受理信用修复申请的期限（工作日）")
	inRange("credit.repair_decision_working_days", cr.RepairDecisionWorkingDays, 1, 30, "受理后作出信用修复决定的期限（工作日）")
	inRange("credit.red_announcement_working_days", cr.RedAnnouncementWorkingDays, 1, 30, "守信激励名单列入前的公示期（工作日）")
	inRange("credit.red_list_months", cr.RedListMonths, 1, 60, "守信激励名单的有效期（月）")
	inRange("credit.review_days", cr.ReviewDays, 60, 365, "申请行政复议的期限不少于 60 日")
	inRange("credit.litigation_months", cr.LitigationMonths, 6, 12, "提起行政诉讼的期限（行政诉讼法：6 个月）")
	if cr.PenaltyRepairMinMonths > cr.PenaltyPublicationYears*12 {
		bad("credit.penalty_repair_min_months", "不能长于行政处罚信息的公示期（%d 年）", cr.PenaltyPublicationYears)
	}
	return errors.Join(errs...)
}
