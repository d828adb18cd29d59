package name

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"namescope/apperr"
	"namescope/dict"
	"namescope/legal"
)

// MaxNameRunes bounds a proposed name; real names rarely pass 40 characters.
const MaxNameRunes = 60

// Enterprise statuses.
const (
	StatusActive    = "active"
	StatusReserved  = "reserved"
	StatusCancelled = "cancelled"
	StatusRevoked   = "revoked"
)

// ReservationMonths is how long a self-declared name is reserved when the
// reservation itself does not say (Reg 734 Art 18).
const ReservationMonths = legal.ReservationMonths

// Existing is a name already in the registry, with the parts the rules need
// computed when it was written.
type Existing struct {
	ID            string
	Name          string
	Normalized    string // the name in comparison form (dict.Normalize)
	USCC          string
	Status        string
	StatusDate    time.Time // when reserved, cancelled or revoked
	ReservedUntil time.Time // optional; zero means StatusDate + 2 months
	Scope         string
	Industry      dict.Industry // registered main industry
	TradeName     string        // normalized 字号
	IndustryExpr  bool          // the name uses a (non-generic) industry expression
	IndustryText  string        // the industry expression as written
	IndustryGroup string        // synonym group of the name's industry expression
	Investors     []string
	// Masked marks a name whose enterprise is under an order to stop
	// using it (Reg 734 Art 23): it still counts, but public answers show
	// neither the name nor the USCC of that enterprise.
	Masked bool
	// Protected marks a 字号 staff designated for protection across
	// industries within the city (新经济企业字号保护).
	Protected bool
}

// Mark is a registered trademark the registry knows of.
type Mark struct {
	RegNo     string
	Text      string // normalized mark text
	Classes   []int  // Nice classes
	Holder    string
	WellKnown bool // 驰名商标
}

// CandidateQuery asks the registry for names that may be identical or
// similar to a 字号 within one registration scope.
type CandidateQuery struct {
	Scope     string
	TradeName string
	Limit     int
}

// Registry supplies existing names. It only retrieves; the name package
// decides what is identical or similar.
type Registry interface {
	Candidates(ctx context.Context, q CandidateQuery) ([]Existing, error)
	// MarkCandidates returns trademarks whose text may be identical or
	// similar to the 字号.
	MarkCandidates(ctx context.Context, tradeName string, limit int) ([]Mark, error)
}

// Request is a name to check, as the applicant declares it.
type Request struct {
	Name            string
	AuthorityCode   string
	IndustryCode    string
	EntType         string
	Investors       []string
	ForeignInvested bool

	industry dict.Industry // parsed IndustryCode
}

// PartsView is the public shape of the parsed parts.
type PartsView struct {
	Region    string `json:"region"`
	TradeName string `json:"trade_name"`
	Industry  string `json:"industry"`
	OrgForm   string `json:"org_form"`
}

// Result is the answer to a check.
type Result struct {
	Verdict    Severity  `json:"verdict"`
	Normalized string    `json:"normalized"`
	Parts      PartsView `json:"parts"`
	Findings   []Finding `json:"findings"`
	Similar    []Similar `json:"similar"`
	Marks      []MarkHit `json:"marks"`
	Scope      string    `json:"scope"`
	// RulesVersion names the rules the answer was given under: the parser
	// version and the digest of the embedded data (see RulesVersion).
	RulesVersion string `json:"rules_version"`
	parsed       *Parts
	read         CandidatesRead
}

// Parsed returns the full parse behind the result.
func (r *Result) Parsed() *Parts { return r.parsed }

// CandidatesRead says whether a check compared the name with the registry
// (its 字号 has at least two Han characters) and how many existing names
// and trademarks the registry gave it to compare.
type CandidatesRead struct {
	Compared     bool
	Names, Marks int
}

// CandidatesRead returns what the check read from the registry (not part
// of the JSON answer).
func (r *Result) CandidatesRead() CandidatesRead { return r.read }

// RulesRevision numbers the logic of the rules beyond the parser and the
// data (how marks are compared, how disguised words are judged …): raise it
// whenever a rule can answer otherwise on the same parse and data.
const RulesRevision = 2

// rulesDigest is the digest of the embedded data and the rules revision.
func rulesDigest() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/r%d", dict.DataDigest(), RulesRevision))
	return hex.EncodeToString(sum[:])[:12]
}

// rulesVersion is computed once: the parser, the rules and the embedded
// data are those of the binary.
var rulesVersion = sync.OnceValue(func() string {
	return ComposeRulesVersion(ParserVersion, rulesDigest())
})

// RulesVersion is the version of the rules every check answer carries,
// "p<ParserVersion>-<digest of the data and RulesRevision>", e.g.
// p3-3f2a9c0d1e4b: it changes when the parser, the logic of the rules or
// any embedded data the rules use change, so that a
// report about an answer can be matched with the rules that gave it. While
// staff's run-time lexicon words are installed it ends with "-o" and the
// overlay's version (p1-3f2a9c0d1e4b-o5e0c7a12), which changes with them.
func RulesVersion() string {
	if o := dict.LexiconOverlayVersion(); o != "" {
		return rulesVersion() + "-o" + o
	}
	return rulesVersion()
}

// ComposeRulesVersion builds a rules version from a parser version and a
// data digest.
func ComposeRulesVersion(parser int, dataDigest string) string {
	return fmt.Sprintf("p%d-%s", parser, dataDigest)
}

// Checker checks names against the rules and the registry.
type Checker struct {
	Registry Registry
	// Level at which industries are compared for identical names (default 大类).
	Level dict.IndustryLevel
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// MaxCandidates bounds what the registry returns per check.
	MaxCandidates int
	// Words supplies the banned words a 字号 may disguise (index.Lexicon);
	// nil skips the disguised-word rule.
	Words WordIndex
	// ProtectionRules maps an authority code (or the code of its
	// registration scope) to the title of its local measure protecting
	// new-economy 字号, cited beside 总局令第82号 (config: protection_rule).
	ProtectionRules map[string]string
	// Serves, when set, refuses authorities the process does not serve:
	// it returns nil or the apperr.Invalid to answer (config:
	// restrict_to_served). Nil accepts every known division.
	Serves func(authorityCode string) error
}

// protectionRule is the rule a protected-字号 finding cites for authority.
func (c *Checker) protectionRule(authority string) string {
	if t, ok := c.ProtectionRules[authority]; ok {
		return RuleOrder82 + "；" + t
	}
	if scope, ok := dict.AuthorityScope(authority); ok {
		if t, ok := c.ProtectionRules[scope]; ok {
			return RuleOrder82 + "；" + t
		}
	}
	return RuleOrder82
}

// MaxSimilar is how many similar names a result lists.
const MaxSimilar = 20

// Validate checks the request's fields and resolves its codes.
func (req *Request) Validate() (scope string, err error) {
	name := strings.TrimSpace(req.Name)
	if err := ValidateName("name", name); err != nil {
		return "", err
	}
	req.Name = name
	if len(req.AuthorityCode) != 6 {
		return "", apperr.Invalid("authority_code 应为 6 位行政区划代码（登记机关所在地的县级以上行政区划代码）")
	}
	scope, ok := dict.AuthorityScope(req.AuthorityCode)
	if !ok {
		return "", apperr.Invalid("未知的行政区划代码 authority_code=%q", req.AuthorityCode)
	}
	if req.IndustryCode != "" {
		ind, err := dict.ParseIndustryCode(req.IndustryCode)
		if err != nil {
			return "", apperr.Invalid("industry_code 无效：%v", err)
		}
		req.industry = ind
	}
	if req.EntType != "" && !contains(dict.EntTypes, req.EntType) {
		return "", apperr.Invalid("ent_type 应为 %s 之一", strings.Join(dict.EntTypes, ", "))
	}
	if err := ValidateInvestors("investors", req.Investors); err != nil {
		return "", err
	}
	return scope, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (c *Checker) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Checker) level() dict.IndustryLevel {
	if c.Level == 0 {
		return dict.ByDivision
	}
	return c.Level
}

// Check runs every rule on the name and compares it with the registry.
func (c *Checker) Check(ctx context.Context, req Request) (*Result, error) {
	scope, err := req.Validate()
	if err != nil {
		return nil, err
	}
	if c.Serves != nil {
		if err := c.Serves(req.AuthorityCode); err != nil {
			return nil, err
		}
	}
	p := Parse(req.Name)
	res := &Result{
		Normalized:   p.Normalized,
		Parts:        PartsView{Region: p.Region, TradeName: p.TradeName, Industry: p.Industry, OrgForm: p.OrgForm},
		Scope:        scope,
		RulesVersion: RulesVersion(),
		parsed:       p,
	}
	res.Findings = staticRules(p, &req, scope)
	disguised, err := c.disguised(ctx, p)
	if err != nil {
		return nil, err
	}
	res.Findings = append(res.Findings, disguised...)

	if c.Registry != nil && hanCount(p.TradeName) >= 2 {
		limit := c.MaxCandidates
		if limit <= 0 {
			limit = 200
		}
		cands, err := c.Registry.Candidates(ctx, CandidateQuery{Scope: scope, TradeName: p.TradeName, Limit: limit})
		if err != nil {
			return nil, fmt.Errorf("name candidates: %w", err)
		}
		fs, similar := c.compare(p, &req, cands)
		res.Findings = append(res.Findings, fs...)
		res.Similar = similar
		marks, err := c.Registry.MarkCandidates(ctx, p.TradeName, limit)
		if err != nil {
			return nil, fmt.Errorf("mark candidates: %w", err)
		}
		fs, res.Marks = compareMarks(p, &req, marks)
		res.Findings = append(res.Findings, fs...)
		res.read = CandidatesRead{Compared: true, Names: len(cands), Marks: len(marks)}
	}
	if res.Marks == nil {
		res.Marks = []MarkHit{}
	}
	if res.Similar == nil {
		res.Similar = []Similar{}
	}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		return res.Findings[i].Severity.rank() > res.Findings[j].Severity.rank()
	})
	res.Verdict = verdictOf(res.Findings)
	return res, nil
}

// Counts reports whether an existing name still takes part in comparisons
// on the given day: registered names; reserved names within their period;
// cancelled or revoked names for one year (Reg 734 Art 17).
func (e *Existing) Counts(today time.Time) bool {
	switch e.Status {
	case StatusActive:
		return true
	case StatusReserved:
		until := e.ReservedUntil
		if until.IsZero() {
			until = e.StatusDate.AddDate(0, ReservationMonths, 0)
		}
		return !day(today).After(day(until))
	case StatusCancelled, StatusRevoked:
		return day(today).Before(day(e.StatusDate.AddDate(legal.EndedProtectionYears, 0, 0)))
	}
	return false
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
