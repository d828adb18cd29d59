package supervision

import (
	"fmt"
	"slices"
	"strings"

	"namescope/apperr"
	"namescope/config"
)

// Discretion levels of a recommendation, lightest first (国市监法规〔2022〕2号
// ladder: 不予处罚, 减轻, 从轻, 一般, 从重).
const (
	LevelNoPenalty = "no_penalty"
	LevelMitigated = "mitigated"
	LevelLighter   = "lighter"
	LevelOrdinary  = "ordinary"
	LevelHeavier   = "heavier"
)

// Levels lists the levels, lightest first.
var Levels = []string{LevelNoPenalty, LevelMitigated, LevelLighter, LevelOrdinary, LevelHeavier}

var levelLabels = map[string]string{
	LevelNoPenalty: "不予处罚", LevelMitigated: "减轻处罚", LevelLighter: "从轻处罚",
	LevelOrdinary: "一般处罚", LevelHeavier: "从重处罚",
}

// LevelLabel is the Chinese name of a level.
func LevelLabel(l string) string { return levelLabels[l] }

// Circumstances are the facts of a case the recommendation weighs (the
// keys of POST /api/v1/cases "circumstances"). Whether the violation is
// the first is not among them: it is computed from the credit file.
type Circumstances struct {
	// Harm is the harmful consequence: none, minor or serious (required).
	Harm string `json:"harm"`
	// Corrected: the party corrected the violation in time (及时改正).
	Corrected bool `json:"corrected"`
	// NoFault: the party has evidence enough to prove it had no subjective
	// fault (行政处罚法第三十三条第二款).
	NoFault bool `json:"no_fault"`
	// RefusedCorrection: the party refused or failed to correct by the
	// deadline ordered — the precondition (fine_condition) some articles
	// set before any fine.
	RefusedCorrection bool `json:"refused_correction"`
	// Mitigating are the grounds of 行政处罚法第三十二条.
	Mitigating []string `json:"mitigating"`
	// Aggravating are the grounds for 从重.
	Aggravating []string `json:"aggravating"`
	// RedLines are the red lines of the policy the case touches; any one
	// excludes the grace period and the tolerance of lists.
	RedLines []string `json:"red_lines"`
}

// Harm values.
const (
	HarmNone    = "none"
	HarmMinor   = "minor"
	HarmSerious = "serious"
)

// Mitigating grounds, 行政处罚法第三十二条 (1)–(5).
var mitigatingGrounds = map[string]string{
	"eliminated_harm": "主动消除或者减轻违法行为危害后果",
	"coerced":         "受他人胁迫或者诱骗实施违法行为",
	"confessed":       "主动供述行政机关尚未掌握的违法行为",
	"cooperated":      "配合行政机关查处违法行为有立功表现",
	"other_statutory": "法律、法规、规章规定其他应当从轻或者减轻行政处罚的情形",
}

// Aggravating grounds (国市监法规〔2022〕2号 and local benchmarks).
var aggravatingGrounds = map[string]string{
	"emergency":          "在突发事件应对期间实施违法行为",
	"obstruction":        "拒绝、阻碍或者以暴力威胁执法人员依法执行职务",
	"evidence_destroyed": "伪造、隐匿、毁灭证据",
	"vulnerable_groups":  "针对老年人、未成年人、残疾人等特殊群体实施违法行为",
	"coerced_others":     "胁迫、诱骗、教唆他人实施违法行为",
	"repeat":             "多次实施违法行为或者被处罚后再犯",
}

// Red lines of the local policy (supervision.policy_title): within them the grace period
// and the tolerance of lists do not apply.
var redLines = map[string]string{
	"crime":                  "涉嫌犯罪",
	"national_security":      "危害国家安全、公共安全",
	"serious_harm_to_others": "严重损害他人合法权益",
	"safety_risk":            "食品、药品、医疗器械、特种设备等领域存在安全隐患",
}

// RedLineLabel is the Chinese name of a red line ("" for an unknown one).
func RedLineLabel(code string) string { return redLines[code] }

func keysOf(m map[string]string) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, "、")
}

// NormRedLines validates red-line codes (field names the field).
func NormRedLines(field string, in []string) ([]string, error) {
	return normSet(field, in, redLines)
}

func normSet(field string, in []string, allowed map[string]string) ([]string, error) {
	out := []string{}
	for i, v := range in {
		v = strings.TrimSpace(v)
		if _, ok := allowed[v]; !ok {
			return nil, apperr.Invalid("%s[%d]“%s”无效，应为 %s 之一", field, i, clip(v, 30), keysOf(allowed))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Normalize validates the circumstances (field prefix "circumstances").
func (c *Circumstances) Normalize() error {
	switch c.Harm {
	case HarmNone, HarmMinor, HarmSerious:
	case "":
		return apperr.Invalid("缺少 circumstances.harm（危害后果：none 无、minor 轻微、serious 严重）")
	default:
		return apperr.Invalid("circumstances.harm 应为 none（无危害后果）、minor（轻微）或 serious（严重）")
	}
	var err error
	if c.Mitigating, err = normSet("circumstances.mitigating", c.Mitigating, mitigatingGrounds); err != nil {
		return err
	}
	if c.Aggravating, err = normSet("circumstances.aggravating", c.Aggravating, aggravatingGrounds); err != nil {
		return err
	}
	if c.RedLines, err = normSet("circumstances.red_lines", c.RedLines, redLines); err != nil {
		return err
	}
	return nil
}

// Measure is one measure of a recommendation or decision.
type Measure struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Measure codes.
const (
	MeasureOrderCorrection = "order_correction" // 责令改正（不是行政处罚）
	MeasureEducation       = "education"        // 批评教育（第三十三条第三款）
	MeasureAdmonition      = "admonition"       // 行政告诫（包容期内先行指导）
	MeasureWarning         = "warning"          // 警告
	MeasureFine            = "fine"             // 罚款
	MeasureConfiscation    = "confiscation"     // 没收违法所得、非法财物
	MeasureTransfer        = "transfer"         // 移送司法机关
)

var measureLabels = map[string]string{
	MeasureOrderCorrection: "责令改正",
	MeasureEducation:       "批评教育",
	MeasureAdmonition:      "行政告诫（包容期内先行指导）",
	MeasureWarning:         "警告",
	MeasureFine:            "罚款",
	MeasureConfiscation:    "没收违法所得、没收非法财物",
	MeasureTransfer:        "涉嫌犯罪，移送司法机关",
}

func measure(code string) Measure { return Measure{Code: code, Label: measureLabels[code]} }

// isPenalty reports whether a measure is an administrative penalty
// (行政处罚法第九条): ordering correction, education, admonition and a
// transfer are not.
func isPenalty(code string) bool {
	return code == MeasureWarning || code == MeasureFine || code == MeasureConfiscation
}

// Citation is a provision a recommendation relies on.
type Citation struct {
	Law     string `json:"law"`
	Article string `json:"article"`
	Text    string `json:"text"`
}

// The provisions cited (行政处罚法 2021 text; 优化营商环境条例 2019). Texts
// checked word for word against LawRefBook/Laws 行政法/行政处罚法.md@d7dff846
// and 行政法规/优化营商环境条例.md@1c4e9974 (non-official carriers of the
// official text); 第二十七条第一款 and 第三十三条第一款 are quoted one sentence at a time.
const lawPenalty = "中华人民共和国行政处罚法"

var (
	citeArt33Minor = Citation{lawPenalty, "第三十三条第一款", "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"}
	citeArt33First = Citation{lawPenalty, "第三十三条第一款", "初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"}
	citeArt33Fault = Citation{lawPenalty, "第三十三条第二款", "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。"}
	citeArt33Educ  = Citation{lawPenalty, "第三十三条第三款", "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。"}
	citeArt32      = Citation{lawPenalty, "第三十二条", "当事人有下列情形之一，应当从轻或者减轻行政处罚：（一）主动消除或者减轻违法行为危害后果的；（二）受他人胁迫或者诱骗实施违法行为的；（三）主动供述行政机关尚未掌握的违法行为的；（四）配合行政机关查处违法行为有立功表现的；（五）法律、法规、规章规定其他应当从轻或者减轻行政处罚的。"}
	citeArt27      = Citation{lawPenalty, "第二十七条第一款", "违法行为涉嫌犯罪的，行政机关应当及时将案件移送司法机关，依法追究刑事责任。"}
	citeArt34      = Citation{lawPenalty, "第三十四条", "行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。行政处罚裁量基准应当向社会公布。"}
	citeArt55      = Citation{"优化营商环境条例", "第五十五条", "政府及其有关部门应当按照鼓励创新的原则，对新技术、新产业、新业态、新模式等实行包容审慎监管，针对其性质、特点分类制定和实行相应的监管规则和标准，留足发展空间，同时确保质量和安全，不得简单化予以禁止或者不予监管。"}
	citePolicyText = Citation{"", "三（四）", "对新经济企业设置 1 至 2 年包容期，包容期内以宣传引导、信用承诺、行政提示、行政约谈、行政告诫等柔性措施为主；涉嫌犯罪、危害国家安全和公共安全、严重损害他人合法权益以及食品、药品、医疗器械、特种设备等领域存在安全隐患的除外。（要旨）"}
)

// Recommendation is what the service recommends for a case.
type Recommendation struct {
	Level      string     `json:"level"`
	LevelLabel string     `json:"level_label"`
	Measures   []Measure  `json:"measures"`
	FineRange  *FineRange `json:"fine_range,omitempty"`
	// FineRule is the item's rule (multiples of illegal gains …) where the
	// article sets no fixed range; the band applies to it.
	FineRule  string     `json:"fine_rule,omitempty"`
	Citations []Citation `json:"citations"`
	Reasons   []string   `json:"reasons"`
}

// Facts are what Recommend weighs besides the circumstances: computed by
// the service from the credit file, the designation and the settings.
type Facts struct {
	// First: no violation of the enterprise within the window (a penalty
	// in the credit file or a decided case).
	First bool
	// FirstReason says what the window found.
	FirstReason string
	// Grace is the enterprise's grace period at the case date.
	Grace Grace
	// NewEconomy: the enterprise is designated.
	NewEconomy bool
}

var domainLabels = map[string]string{
	"registration": "登记注册", "annual_report": "年度报告", "advertising": "广告", "pricing": "价格",
	"labelling": "标签标识", "ecommerce": "电子商务", "food": "食品", "quality": "产品质量", "other": "其他",
}

// DomainLabel is the Chinese name of a catalogue domain.
func DomainLabel(d string) string { return domainLabels[d] }

func hasList(v *Violation, kinds ...string) string {
	for _, m := range v.Lists {
		if slices.Contains(kinds, m.Kind) {
			return m.List
		}
	}
	return ""
}

func itemCitation(v *Violation) Citation {
	return Citation{Law: v.Law, Article: v.PenaltyArticle, Text: v.PenaltyText}
}

func band(cfg config.Supervision, f *FineRange, level string) *FineRange {
	if f == nil {
		return nil
	}
	span := f.Max - f.Min
	lo := f.Min + span*int64(cfg.LighterBandPercent)/100
	hi := f.Max - span*int64(cfg.HeavierBandPercent)/100
	switch level {
	case LevelLighter:
		return &FineRange{Min: f.Min, Max: lo}
	case LevelOrdinary:
		return &FineRange{Min: lo, Max: hi}
	case LevelHeavier:
		return &FineRange{Min: hi, Max: f.Max}
	case LevelMitigated:
		if f.Min == 0 {
			return nil
		}
		return &FineRange{Min: f.Min * int64(cfg.MitigatedFloorPercent) / 100, Max: f.Min}
	}
	return nil
}

// graceApplies reports whether the grace period covers the case and, when
// it does not, why (for a new-economy enterprise in its grace period).
func graceApplies(cfg config.Supervision, v *Violation, c *Circumstances, f Facts) (bool, string) {
	if !f.Grace.InGrace {
		return false, ""
	}
	if len(c.RedLines) > 0 {
		var ls []string
		for _, r := range c.RedLines {
			ls = append(ls, redLines[r])
		}
		return false, "案件触及包容审慎监管红线（" + strings.Join(ls, "、") + "），不适用包容期"
	}
	if slices.Contains(cfg.GraceExcludedDomains, domainLabels[v.Domain]) {
		return false, fmt.Sprintf("“%s”领域为安全底线领域，包容期不适用（配置 supervision.grace_excluded_domains）", domainLabels[v.Domain])
	}
	if c.Harm == HarmSerious {
		return false, "造成严重危害后果，包容期不适用"
	}
	return true, ""
}

// Recommend computes the recommendation for violation v under the
// circumstances c (normalized) and the facts f. It is deterministic: the
// same inputs give the same recommendation, reasons in order.
//
// The order of the rules: a red line of crime adds the transfer; no fault
// → no penalty (Art 33 ¶2); minor, corrected, no harm → no penalty
// (Art 33 ¶1, shall); first, minor harm, corrected, no red line → no
// penalty (Art 33 ¶1, may); within the grace period, outside the red
// lines and excluded domains, without serious harm → no penalty with
// guidance first; an article that fines only after a refusal to correct,
// without one → order to correct; serious harm or aggravating grounds →
// 从重 (一般 when Art 32 grounds also hold); Art 32 grounds → 减轻 when the
// item is on a 减轻 list, else 从轻; an item on a 从轻 list or minor harm →
// 从轻; otherwise 一般.
func Recommend(cfg config.Supervision, v *Violation, c Circumstances, f Facts) Recommendation {
	r := Recommendation{Measures: []Measure{}, Citations: []Citation{}, Reasons: []string{}}
	cite := func(cs ...Citation) {
		for _, x := range cs {
			if !slices.Contains(r.Citations, x) {
				r.Citations = append(r.Citations, x)
			}
		}
	}
	reason := func(format string, args ...any) { r.Reasons = append(r.Reasons, fmt.Sprintf(format, args...)) }
	add := func(codes ...string) {
		for _, code := range codes {
			if !slices.ContainsFunc(r.Measures, func(m Measure) bool { return m.Code == code }) {
				r.Measures = append(r.Measures, measure(code))
			}
		}
	}
	noPenalty := func() {
		r.Level = LevelNoPenalty
		add(MeasureOrderCorrection, MeasureEducation)
		cite(citeArt33Educ)
	}
	reason("违法行为：%s（%s，%s）", v.Text, v.Code, domainLabels[v.Domain])
	if slices.Contains(c.RedLines, "crime") {
		add(MeasureTransfer)
		cite(citeArt27)
		reason("涉嫌犯罪，应当及时移送司法机关")
	}
	if f.FirstReason != "" {
		reason("%s", f.FirstReason)
	}
	if f.NewEconomy {
		reason("包容期：%s", f.Grace.Reason)
	}
	grace, whyNot := graceApplies(cfg, v, &c, f)
	if whyNot != "" {
		reason("%s", whyNot)
	}
	tolerant := len(c.RedLines) == 0
	switch {
	case c.NoFault:
		noPenalty()
		cite(citeArt33Fault)
		reason("当事人有证据足以证明没有主观过错，不予行政处罚")
	case c.Harm == HarmNone && c.Corrected && tolerant:
		noPenalty()
		cite(citeArt33Minor)
		reason("违法行为轻微并及时改正，没有造成危害后果，不予行政处罚（应当）")
		if l := hasList(v, "minor_no_penalty", "no_penalty_unspecified", "first_offence_no_penalty"); l != "" {
			reason("该事项列入不予处罚清单（%s）", l)
		}
	case f.First && c.Harm != HarmSerious && c.Corrected && tolerant:
		noPenalty()
		cite(citeArt33First)
		reason("初次违法且危害后果轻微并及时改正，可以不予行政处罚（首违不罚）")
		if l := hasList(v, "first_offence_no_penalty", "no_penalty_unspecified", "minor_no_penalty"); l != "" {
			reason("该事项列入首违不罚或轻微不罚清单（%s）", l)
		}
	case grace:
		noPenalty()
		add(MeasureAdmonition)
		policy := citePolicyText
		policy.Law = cfg.PolicyTitle
		cite(citeArt55, policy)
		if c.Corrected {
			reason("新经济企业包容期内，未造成严重危害后果且已改正，以指导、教育为主，不予行政处罚")
		} else {
			reason("新经济企业包容期内，未造成严重危害后果，先以行政告诫责令限期改正（指导优先）；逾期不改正的，依法处理")
		}
	case v.FineCondition != "" && !c.RefusedCorrection && c.Harm != HarmSerious:
		r.Level = LevelNoPenalty
		add(MeasureOrderCorrection)
		cite(itemCitation(v))
		reason("该条款的罚款以“%s”为前提，当事人尚未拒不改正：先责令改正", v.FineCondition)
	default:
		aggravating := c.Harm == HarmSerious || len(c.Aggravating) > 0
		mitigating := len(c.Mitigating) > 0
		switch {
		case aggravating && !mitigating:
			r.Level = LevelHeavier
		case aggravating && mitigating:
			r.Level = LevelOrdinary
		case mitigating && hasList(v, "mitigated") != "":
			r.Level = LevelMitigated
		case mitigating:
			r.Level = LevelLighter
		case hasList(v, "lighter") != "" || c.Harm == HarmMinor:
			r.Level = LevelLighter
		default:
			r.Level = LevelOrdinary
		}
		if c.Harm == HarmSerious {
			reason("造成严重危害后果")
		}
		for _, g := range c.Aggravating {
			reason("从重情节：%s", aggravatingGrounds[g])
		}
		for _, g := range c.Mitigating {
			reason("第三十二条从轻、减轻情节：%s", mitigatingGrounds[g])
		}
		if mitigating {
			cite(citeArt32)
			if r.Level == LevelOrdinary {
				reason("既有从重情节又有应当从轻、减轻的情节，按一般处罚")
			}
		}
		if r.Level == LevelMitigated {
			reason("该事项列入减轻处罚清单（%s）", hasList(v, "mitigated"))
		}
		if r.Level == LevelLighter && !mitigating {
			if l := hasList(v, "lighter"); l != "" {
				reason("该事项列入从轻处罚清单（%s）", l)
			} else {
				reason("危害后果轻微，从轻处罚")
			}
		}
		if r.Level == LevelOrdinary && !aggravating {
			reason("无从轻、减轻或从重情节，一般处罚")
		}
		add(MeasureOrderCorrection)
		cite(itemCitation(v))
		r.FineRange = band(cfg, v.Fine, r.Level)
		r.FineRule = v.FineRule
		switch {
		case r.Level == LevelMitigated && (v.Fine == nil || v.Fine.Min == 0):
			add(MeasureWarning)
			reason("法定罚款无下限，减轻处罚为警告或者较轻种类的处罚")
		case r.FineRange != nil:
			add(MeasureFine)
			reason("建议罚款 %d 至 %d 元（法定幅度 %d 至 %d 元；%s）", r.FineRange.Min, r.FineRange.Max,
				v.Fine.Min, v.Fine.Max, bandText(cfg, r.Level))
		case v.FineRule != "" && !strings.HasPrefix(v.FineRule, "本条不设罚款"):
			add(MeasureFine)
			reason("罚款按“%s”计算，%s", v.FineRule, bandText(cfg, r.Level))
		default:
			add(MeasureWarning)
			reason("该条款不设固定罚款幅度：%s", v.PenaltyText)
		}
		cite(citeArt34)
	}
	r.LevelLabel = levelLabels[r.Level]
	return r
}

func bandText(cfg config.Supervision, level string) string {
	switch level {
	case LevelLighter:
		return fmt.Sprintf("从轻处罚取幅度的最低 %d%%", cfg.LighterBandPercent)
	case LevelOrdinary:
		return fmt.Sprintf("一般处罚取幅度的 %d%% 至 %d%%", cfg.LighterBandPercent, 100-cfg.HeavierBandPercent)
	case LevelHeavier:
		return fmt.Sprintf("从重处罚取幅度的最高 %d%%", cfg.HeavierBandPercent)
	case LevelMitigated:
		return fmt.Sprintf("减轻处罚低于法定最低限额，不低于其 %d%%", cfg.MitigatedFloorPercent)
	}
	return ""
}
