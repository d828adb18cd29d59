package name

// Severity of a finding, and the verdict of a check.
type Severity string

// Severities, from the most severe. Info explains without affecting the verdict.
const (
	Block    Severity = "block"    // refused (Reg 734 Art 11, 17 …)
	Approval Severity = "approval" // needs approval from a higher authority
	Warn     Severity = "warn"     // allowed with the applicant's commitment (承诺)
	Pass     Severity = "pass"     // verdict only: nothing against the name
	Info     Severity = "info"     // explanation only
)

func (s Severity) rank() int {
	switch s {
	case Block:
		return 3
	case Approval:
		return 2
	case Warn:
		return 1
	}
	return 0
}

// Conflict names an existing enterprise a finding is about.
type Conflict struct {
	Name string `json:"name"`
	USCC string `json:"uscc"`
	// owner is the USCC even when a masked name hides it from the answer.
	owner string
}

// Owner is the USCC of the conflicting enterprise, also when the answer
// does not show it.
func (c Conflict) Owner() string { return c.owner }

// Finding is one thing the check found, with what to change and why.
type Finding struct {
	Code      string     `json:"code"`
	Severity  Severity   `json:"severity"`
	Message   string     `json:"message"` // Chinese, tells the applicant what to change
	Rule      string     `json:"rule"`    // the legal basis
	Span      Span       `json:"span"`    // rune offsets in the normalized name
	Conflicts []Conflict `json:"conflicts,omitempty"`
	// Commitment is the text the applicant must accept to go on (warnings
	// about similar names and trademarks).
	Commitment string `json:"commitment,omitempty"`
	// Disguise names the banned word a disguised_restricted_word finding
	// matched and how.
	Disguise *Disguise `json:"disguise,omitempty"`
}

// Disguise is a banned word written otherwise.
type Disguise struct {
	Word     string `json:"word"`     // the lexicon word
	Kind     string `json:"kind"`     // homophone, look_alike, or both comma-separated
	Category string `json:"category"` // its lexicon category
}

// verdictOf folds findings into the most severe one.
func verdictOf(fs []Finding) Severity {
	v := Pass
	for _, f := range fs {
		if f.Severity.rank() > v.rank() {
			v = f.Severity
		}
	}
	return v
}

// Citations used by the rules. The 企业名称登记管理规定 (国务院令第734号)
// article numbers were checked against LawRefBook/Laws
// 行政法规/企业名称登记管理规定.md@3cd6e86b; the 2017 禁限用规则 and 比对规则
// and order 82 are not in that compilation (see dict/data/LEXICON_SOURCES.md).
const (
	RuleArt5    = "《企业名称登记管理规定》第五条"
	RuleArt6    = "《企业名称登记管理规定》第六条"
	RuleArt7    = "《企业名称登记管理规定》第七条"
	RuleArt8    = "《企业名称登记管理规定》第八条"
	RuleArt9    = "《企业名称登记管理规定》第九条"
	RuleArt10   = "《企业名称登记管理规定》第十条"
	RuleArt12   = "《企业名称登记管理规定》第十二条"
	RuleArt13   = "《企业名称登记管理规定》第十三条"
	RuleArt14   = "《企业名称登记管理规定》第十四条"
	RuleArt16   = "《企业名称登记管理规定》第十六条"
	RuleArt17   = "《企业名称登记管理规定》第十七条"
	RuleBan9    = "《企业名称禁限用规则》第九条"
	RuleCmp3    = "《企业名称相同相近比对规则》第三条"
	RuleCmp4    = "《企业名称相同相近比对规则》第四条"
	RuleOrder82 = "《企业名称登记管理规定实施办法》（市场监管总局令第82号）"
	// RuleCompanyLaw7 is the 2023 Company Law's article on the liability
	// form in a company's name: 有限责任公司 must bear 有限责任公司 or 有限公司,
	// 股份有限公司 must bear 股份有限公司 or 股份公司 (read: LawRefBook/Laws
	// 民法商法/公司法(2023-12-29).md@318d6245).
	RuleCompanyLaw7 = "《中华人民共和国公司法》第七条"
)
