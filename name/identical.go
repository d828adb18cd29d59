package name

import (
	"fmt"
	"strings"
	"time"

	"namescope/dict"
)

// Identity is how Art 17 sees an existing name beside a proposed one.
type Identity int

// Identities.
const (
	NotIdentical    Identity = iota // different, or no longer counting
	Identical                       // the same name in law: it blocks
	IdenticalExempt                 // identical, but the existing enterprise invests in the applicant
)

// Compared is what the identical-name rule compares of a parsed name: a
// few words where Parts is hundreds of bytes, so that a caller comparing
// many names later (an import's identical-name report, after its last
// commit) keeps these instead of parsing each name again. Its strings are
// those of the Parts.
type Compared struct {
	normalized   string
	tradeName    string
	nameIndustry dict.Industry // zero when the name has no industry expression
	branch       bool          // IsBranch
}

// Compared returns what the identical-name rule compares of p.
func (p *Parts) Compared() Compared {
	return Compared{normalized: p.Normalized, tradeName: p.TradeName, nameIndustry: p.NameIndustry, branch: p.IsBranch()}
}

// proposal is a proposed name with what the identical-name rule needs of
// the request, computed once per check.
type proposal struct {
	Compared
	industry  dict.Industry // declared main industry, else the name's
	investors map[string]bool
}

func newProposal(p *Parts, declared dict.Industry, investors []string) *proposal {
	return newProposalOf(p.Compared(), declared, investors)
}

func newProposalOf(c Compared, declared dict.Industry, investors []string) *proposal {
	pr := &proposal{Compared: c, industry: declared}
	if pr.industry.IsZero() {
		pr.industry = c.nameIndustry
	}
	if len(investors) > 0 {
		pr.investors = make(map[string]bool, len(investors))
	}
	for _, inv := range investors {
		pr.investors[dict.Normalize(inv)] = true
	}
	return pr
}

// identity applies Reg 734 Art 17 to one existing name that counts today:
// a branch only conflicts with another branch of the same full name; other
// names conflict when their 字号 is the same and their industries are the
// same (or either name has no industry expression, which conflicts with
// every industry), unless the existing enterprise is an investor of the
// applicant.
func (pr *proposal) identity(e *Existing, level dict.IndustryLevel) Identity {
	if pr.branch {
		if e.Normalized == pr.normalized {
			return Identical
		}
		return NotIdentical
	}
	if e.TradeName != pr.tradeName || !pr.sameIndustry(e, level) {
		return NotIdentical
	}
	if pr.investors[e.Normalized] {
		return IdenticalExempt
	}
	return Identical
}

// sameIndustry: either name without an industry expression counts as every
// industry; otherwise the industries are compared at level.
func (pr *proposal) sameIndustry(e *Existing, level dict.IndustryLevel) bool {
	return pr.nameIndustry.IsZero() || !e.IndustryExpr || dict.SameIndustry(pr.industry, e.Industry, level)
}

// identicalFinding is the block of Art 17 with the names it conflicts with.
func identicalFinding(p *Parts, conflicts []Conflict, notes []string) Finding {
	return Finding{
		Code:     "identical_name",
		Severity: Block,
		Message: fmt.Sprintf("字号“%s”与同一登记机关辖区内%s的在先企业名称字号相同：%s。依法不能申报，请更换字号",
			p.TradeName, identicalScope(p), strings.Join(notes, "；")),
		Rule:      RuleArt17 + "；" + RuleCmp3,
		Span:      p.TradeNameSpan,
		Conflicts: conflicts,
	}
}

func exemptFinding(p *Parts, conflicts []Conflict) Finding {
	return Finding{
		Code:      "identical_name_investor_exempt",
		Severity:  Info,
		Message:   "字号与在先企业名称相同，但该企业是申请人的投资人（存在投资关系），依法可以使用",
		Rule:      RuleArt17,
		Span:      p.TradeNameSpan,
		Conflicts: conflicts,
	}
}

// IdenticalFindings decides Art 17 alone for a proposed name against
// existing names: the identical-name block and the investor exemption, as
// Check would report them. A grant of a name repeats this inside the
// transaction that writes it, on every record filed under the same scope
// and 字号, so that the decision and the write are one.
func (c *Checker) IdenticalFindings(req Request, cands []Existing) ([]Finding, error) {
	if _, err := req.Validate(); err != nil {
		return nil, err
	}
	p := Parse(req.Name)
	pr := newProposal(p, req.industry, req.Investors)
	today := c.now().In(chinaTime)
	var identical, exempt []Conflict
	var notes []string
	for i := range cands {
		e := &cands[i]
		if !e.Counts(today) {
			continue
		}
		switch pr.identity(e, c.level()) {
		case Identical:
			identical = append(identical, e.conflict())
			notes = append(notes, statusNote(e))
		case IdenticalExempt:
			exempt = append(exempt, e.conflict())
		}
	}
	var fs []Finding
	if len(identical) > 0 {
		fs = append(fs, identicalFinding(p, identical, notes))
	}
	if len(exempt) > 0 {
		fs = append(fs, exemptFinding(p, exempt))
	}
	return fs, nil
}

// Comparer applies Art 17 between one name already in the registry, taken
// as the proposal with its own industry and investors, and others: what
// registrar synchronisation, import and the duplicate audit report. Build it
// once per name; comparing it with a whole 字号 listing then allocates
// nothing.
type Comparer struct {
	a      *Existing
	pr     *proposal
	today  time.Time
	level  dict.IndustryLevel
	counts bool
}

// NewComparer prepares the comparison of a (parsed as aParts) on day today.
func NewComparer(a *Existing, aParts *Parts, today time.Time, level dict.IndustryLevel) *Comparer {
	return NewComparerOf(a, aParts.Compared(), today, level)
}

// NewComparerOf is NewComparer for a name of which only what the rule
// compares was kept (Parts.Compared).
func NewComparerOf(a *Existing, aParts Compared, today time.Time, level dict.IndustryLevel) *Comparer {
	if level == 0 {
		level = dict.ByDivision
	}
	today = today.In(chinaTime)
	return &Comparer{a: a, pr: newProposalOf(aParts, a.Industry, a.Investors), today: today, level: level, counts: a.Counts(today)}
}

// To reports whether the existing name b is identical in law to a: both
// must count today and be filed in the same scope.
func (c *Comparer) To(b *Existing) Identity {
	if !c.counts || c.a.Scope != b.Scope || !b.Counts(c.today) {
		return NotIdentical
	}
	return c.pr.identity(b, c.level)
}
