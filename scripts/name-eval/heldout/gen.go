package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"

	"namescope/dict"
	"namescope/name"
)

// Generated names: a clean, real-looking name (region + 字号 + industry +
// form that the checker passes and parses as built) with exactly one defect
// seeded, per rule and per lexicon category.

// region is a region text a base name may start with, and the authority
// that registers it.
type region struct {
	text, authority string
	district        string // the 市辖区 alone, when text is city + district
}

// baseRegions are checked against the division tables at run time.
var baseRegions = []region{
	{"平顶山市", "410400", ""}, {"平顶山市湛河区", "410411", "湛河区"}, {"平顶山市卫东区", "410403", "卫东区"},
	{"宝丰县", "410421", ""}, {"鲁山县", "410423", ""}, {"郏县", "410425", ""}, {"舞钢市", "410481", ""},
	{"汝州市", "410482", ""}, {"郑州市", "410100", ""}, {"郑州市金水区", "410105", "金水区"},
	{"洛阳市", "410300", ""}, {"洛阳市涧西区", "410305", "涧西区"}, {"南阳市", "411300", ""},
	{"长沙市", "430100", ""}, {"长沙市岳麓区", "430104", "岳麓区"}, {"成都市", "510100", ""},
	{"成都市武侯区", "510107", "武侯区"}, {"杭州市", "330100", ""},
}

// tradeChars make up coined two-character 字号.
var tradeChars = []rune("星河瑞丰鑫源泰恒达盛旺德信嘉宏佳锦润博卓越腾飞凯益禾青蓝晨辰宇昊悦诚祥福顺远翔鸿骏晟弘朗睿航峰岳川泽林森沐")

var baseIndustries = []string{"科技", "商贸", "建材", "餐饮管理", "农业开发", "物流", "电子科技", "服装", "家具",
	"文化传媒", "信息技术", "建筑工程", "食品", "机械设备", "贸易", "环保科技", "装饰工程", "网络科技", "生物科技"}

var baseForms = []string{"有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"}

// traditionalPairs: a simplified character common in 字号 and its
// traditional form (checked with dict.Normalize at run time).
var traditionalPairs = [][2]string{{"华", "華"}, {"龙", "龍"}, {"东", "東"}, {"丰", "豐"}, {"兴", "興"}, {"达", "達"},
	{"凯", "凱"}, {"乐", "樂"}, {"飞", "飛"}, {"发", "發"}, {"汇", "匯"}, {"丽", "麗"}, {"宝", "寶"}, {"荣", "榮"},
	{"顺", "順"}, {"远", "遠"}, {"鸿", "鴻"}, {"联", "聯"}, {"万", "萬"}, {"云", "雲"}}

// renamedRegions: former names of divisions and the code of the successor
// that registers such a firm today (GUIDE.md §3.2 (h)).
var renamedRegions = [][2]string{{"吴江市", "320509"}, {"吴江", "320509"}, {"双城市", "230113"}, {"平安县", "630203"},
	{"襄樊市", "420600"}, {"思茅市", "530800"}, {"莱芜市", "370116"}, {"偃师市", "410307"}, {"萧山市", "330109"},
	{"余杭市", "330110"}, {"番禺市", "440113"}, {"增城市", "440118"}, {"杭州市下城区", "330105"}}

var (
	otherRegionWords = []string{"洛阳", "开封", "南阳", "信阳", "长沙", "成都", "杭州", "苏州", "无锡", "宁波",
		"温州", "合肥", "济南", "青岛", "武汉", "西安", "太原", "昆明"}
	industryWords   = []string{"科技", "商贸", "实业", "贸易", "物流", "建材", "电子", "农业", "绿色", "现代", "智慧", "生态", "餐饮", "服装", "食品"}
	restrictedWords = []string{"中国", "中华", "全国", "国家", "中央", "国际"} // as a prefix (Art 12; 国际: 禁限用规则)
	middleWords     = []string{"中国", "中华", "全国", "国家", "国际"}       // in the 字号 (GUIDE.md §5.2)
	badChars        = []string{"·", "&", "-", "+", "#", "@", "!", "/", "※", "★", "%"}
	lettersDigits   = []string{"A", "K", "8", "2", "TCL", "ABC", "99", "X", "5G", "e"}
	devZones        = []string{"高新区", "开发区", "经济技术开发区", "产业集聚区", "示范区"}
	otherEntTypes   = []string{dict.SoleProprietorship, dict.PartnershipGeneral, dict.PartnershipLimited, dict.JointStock}
	financialTerms  = []string{"小额贷款", "融资担保", "典当", "保险代理", "保险经纪", "证券", "期货", "信托", "支付", "金融信息服务", "消费金融", "村镇银行"}
	medicalTerms    = []string{"口腔诊所", "医院", "门诊部", "诊所", "中医馆", "医疗美容", "动物医院", "护理院", "疗养院", "卫生院"}
	publicTerms     = []string{"人民医院", "中心医院", "疾病预防控制中心", "血站", "急救中心", "电视台", "广播电台", "公证处"}
	schoolTerms     = []string{"小学", "中学", "初级中学", "九年一贯制学校"}
	educationTerms  = []string{"培训学校", "职业学校", "技工学校", "舞蹈学校", "幼儿园", "学院", "驾驶培训学校", "高级中学"}
)

// base is a clean name in parts.
type base struct {
	region                   region
	trade, industry, orgForm string
}

func (b base) name() string { return b.region.text + b.trade + b.industry + b.orgForm }

// genCase is one generated request and the defect it carries.
type genCase struct {
	name, authority, entType string
}

// category is one kind of seeded defect.
type category struct {
	key      string // what is seeded
	expected string // the code a correct checker gives
	group    string // "rules" (emitted today), "guide" (GUIDE.md §4.2), "lexicon"
	make     func(g *gen) (genCase, bool)
}

// gen draws base names and defects with a fixed seed.
type gen struct {
	ctx     context.Context
	checker *name.Checker
	rng     *rand.Rand
	regions []region
	clean   map[string]bool // base name → checker passes it and parses it as built
	rejects int             // base names the checker did not pass as built

	homophones homophones // for disguised words
}

func newGen(ctx context.Context, checker *name.Checker, seed uint64) *gen {
	g := &gen{ctx: ctx, checker: checker, rng: rand.New(rand.NewPCG(seed, 10)), clean: map[string]bool{}}
	for _, r := range baseRegions {
		if d := dict.RegionByCode(r.authority); d != nil && strings.HasSuffix(r.text, d.Name) {
			g.regions = append(g.regions, r)
		} else {
			fmt.Fprintf(os.Stderr, "heldout: region %s (%s) not in the division tables, not used\n", r.text, r.authority)
		}
	}
	return g
}

func (g *gen) pick(ss []string) string { return ss[g.rng.IntN(len(ss))] }

// isClean reports whether the checker passes the base and parses it as built.
func (g *gen) isClean(b base) bool {
	n := b.name()
	if ok, seen := g.clean[n]; seen {
		return ok
	}
	a := check(g.ctx, g.checker, name.Request{Name: n, AuthorityCode: b.region.authority})
	ok := a.err == nil && a.verdict == "pass" && a.parts == [4]string{b.region.text, b.trade, b.industry, b.orgForm}
	g.clean[n] = ok
	if !ok {
		g.rejects++
	}
	return ok
}

// base draws a clean base name; want, when not nil, restricts it.
func (g *gen) base(want func(b base) bool) (base, bool) {
	if len(g.regions) == 0 {
		return base{}, false
	}
	for range 300 {
		a, b := tradeChars[g.rng.IntN(len(tradeChars))], tradeChars[g.rng.IntN(len(tradeChars))]
		if a == b {
			continue
		}
		bs := base{region: g.regions[g.rng.IntN(len(g.regions))], trade: string([]rune{a, b}),
			industry: g.pick(baseIndustries), orgForm: g.pick(baseForms)}
		if want != nil && !want(bs) {
			continue
		}
		if g.isClean(bs) {
			return bs, true
		}
	}
	return base{}, false
}

// withTrade draws a clean base and replaces its 字号.
func (g *gen) withTrade(trade string) (genCase, bool) {
	b, ok := g.base(func(b base) bool { return !strings.HasPrefix(b.industry, trade) })
	if !ok {
		return genCase{}, false
	}
	return genCase{name: b.region.text + trade + b.industry + b.orgForm, authority: b.region.authority}, true
}

// withIndustry draws a clean base and replaces its industry expression.
func (g *gen) withIndustry(industry string) (genCase, bool) {
	b, ok := g.base(nil)
	if !ok {
		return genCase{}, false
	}
	return genCase{name: b.region.text + b.trade + industry + b.orgForm, authority: b.region.authority}, true
}

// from draws a clean base (restricted by want when not nil) and seeds the
// defect with f.
func (g *gen) from(want func(b base) bool, f func(b base) genCase) (genCase, bool) {
	b, ok := g.base(want)
	if !ok {
		return genCase{}, false
	}
	return f(b), true
}

func ruleCategories() []category {
	return []category{
		{"invalid character in the 字号", "invalid_chars", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				rs := []rune(b.trade)
				return genCase{name: b.region.text + string(rs[:1]) + g.pick(badChars) + string(rs[1:]) + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"letters or digits in the 字号", "letters_or_digits", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + b.trade + g.pick(lettersDigits) + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"traditional character in the 字号", "traditional_chars", "rules", func(g *gen) (genCase, bool) {
			tp := traditionalPairs[g.rng.IntN(len(traditionalPairs))]
			if dict.Normalize(tp[1]) != tp[0] {
				return genCase{}, false
			}
			other := string(tradeChars[g.rng.IntN(len(tradeChars))])
			trade := tp[0] + other
			if g.rng.IntN(2) == 0 {
				trade = other + tp[0]
			}
			b, ok := g.base(nil)
			if !ok {
				return genCase{}, false
			}
			b.trade = trade
			if !g.isClean(b) {
				return genCase{}, false
			}
			return genCase{name: b.region.text + strings.Replace(trade, tp[0], tp[1], 1) + b.industry + b.orgForm, authority: b.region.authority}, true
		}},
		{"no region", "no_region", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.trade + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"region outside the authority", "region_outside_authority", "rules", func(g *gen) (genCase, bool) {
			b, ok := g.base(nil)
			if !ok {
				return genCase{}, false
			}
			own := dict.RegionByCode(b.region.authority)
			for range 20 {
				o := g.regions[g.rng.IntN(len(g.regions))]
				if d := dict.RegionByCode(o.authority); d != nil && own != nil && d.CityCode != own.CityCode {
					return genCase{name: o.text + b.trade + b.industry + b.orgForm, authority: b.region.authority}, true
				}
			}
			return genCase{}, false
		}},
		{"市辖区 without its city", "city_district_alone", "rules", func(g *gen) (genCase, bool) {
			return g.from(func(b base) bool { return b.region.district != "" }, func(b base) genCase {
				return genCase{name: b.region.district + b.trade + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"development zone without its city", "dev_zone_alone", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: g.pick(devZones) + b.trade + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"one-character 字号", "trade_name_too_short", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + string([]rune(b.trade)[:1]) + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"字号 is an industry word", "trade_name_is_industry", "rules", func(g *gen) (genCase, bool) {
			return g.withTrade(g.pick(industryWords))
		}},
		{"字号 is a region name", "trade_name_is_region", "rules", func(g *gen) (genCase, bool) {
			w := g.pick(otherRegionWords)
			if !dict.IsRegionName(w) {
				return genCase{}, false
			}
			return g.withTrade(w)
		}},
		{"prefix 中国/中华/全国/国家/中央/国际", "restricted_prefix", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: g.pick(restrictedWords) + b.trade + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"中国/中华/全国/国家/国际 in the 字号", "restricted_word_in_trade_name", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + g.pick(middleWords) + b.trade + b.industry + b.orgForm, authority: b.region.authority}
			})
		}},
		{"（中国） in a domestic firm's name", "china_marker", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + b.trade + b.industry + "（中国）" + b.orgForm, authority: b.region.authority}
			})
		}},
		{"no organisational form", "no_org_form", "rules", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + b.trade + b.industry, authority: b.region.authority}
			})
		}},
		{"form does not fit the enterprise type", "org_form_mismatch", "rules", func(g *gen) (genCase, bool) {
			return g.from(func(b base) bool { return b.orgForm == "有限公司" }, func(b base) genCase {
				return genCase{name: b.name(), authority: b.region.authority, entType: g.pick(otherEntTypes)}
			})
		}},
		{"branch form without a parent name", "branch_without_parent", "guide", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + b.trade + b.industry + g.pick([]string{"分公司", "分店", "分厂"}), authority: b.region.authority}
			})
		}},
		{"bare 公司 as form", "org_form_bare_company", "guide", func(g *gen) (genCase, bool) {
			return g.from(nil, func(b base) genCase {
				return genCase{name: b.region.text + b.trade + b.industry + "公司", authority: b.region.authority}
			})
		}},
		{"former division name", "region_renamed", "guide", func(g *gen) (genCase, bool) {
			rr := renamedRegions[g.rng.IntN(len(renamedRegions))]
			if dict.RegionByCode(rr[1]) == nil {
				return genCase{}, false
			}
			return g.from(nil, func(b base) genCase {
				return genCase{name: rr[0] + b.trade + b.industry + b.orgForm, authority: rr[1]}
			})
		}},
		{"region between 字号 and form without brackets", "region_unbracketed", "guide", func(g *gen) (genCase, bool) {
			return g.from(func(b base) bool { return b.region.district == "" }, func(b base) genCase {
				return genCase{name: b.trade + b.industry + b.region.text + b.orgForm, authority: b.region.authority}
			})
		}},
		{"financial sector word", "restricted_financial", "guide", func(g *gen) (genCase, bool) {
			return g.withIndustry(g.pick(financialTerms))
		}},
		{"medical institution word", "restricted_medical", "guide", func(g *gen) (genCase, bool) {
			return g.withIndustry(g.pick(medicalTerms))
		}},
		{"public institution name", "public_institution_name", "guide", func(g *gen) (genCase, bool) {
			return g.withIndustry(g.pick(publicTerms))
		}},
		{"compulsory-education school", "school_not_company", "guide", func(g *gen) (genCase, bool) {
			return g.withIndustry(g.pick(schoolTerms))
		}},
		{"school needing education approval", "restricted_education", "guide", func(g *gen) (genCase, bool) {
			return g.withIndustry(g.pick(educationTerms))
		}},
	}
}

// lexWord is one word of lexicon.tsv.
type lexWord struct {
	word, category, where string
	except                []string
}

// lexiconByCategory is the embedded lexicon (dict.LexiconEntries: the
// service's own reading of it) by category.
func lexiconByCategory() map[string][]lexWord {
	out := map[string][]lexWord{}
	for _, e := range dict.LexiconEntries() {
		out[e.Category] = append(out[e.Category], lexWord{word: e.Word, category: e.Category, where: e.Where, except: e.Except})
	}
	return out
}

func allHan(s string) bool {
	for _, r := range s {
		if !dict.IsHan(r) {
			return false
		}
	}
	return s != ""
}

// sectorCodes are the lexicon categories whose words GUIDE.md §4.2 reports
// under a code of its own; every other category is lexicon_<category>.
var sectorCodes = map[string]string{
	"financial":          "restricted_financial",
	"medical":            "restricted_medical",
	"education":          "restricted_education",
	"school":             "school_not_company",
	"public_institution": "public_institution_name",
}

// expectedCode is the code a correct checker gives a word of the category.
func expectedCode(category string) string {
	if c, ok := sectorCodes[category]; ok {
		return c
	}
	return "lexicon_" + category
}

// lexiconCategories seeds one lexicon word of the category: a sector word
// (financial, medical, school …) or a word the lexicon restricts to the
// industry position as the industry expression, any other as the 字号 (with
// one base character added to a one-character word).
func lexiconCategories(lex map[string][]lexWord) []category {
	cats := make([]string, 0, len(lex))
	for c := range lex {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var out []category
	for _, c := range cats {
		var words []lexWord
		for _, w := range lex[c] {
			if allHan(w.word) {
				words = append(words, w)
			}
		}
		if len(words) == 0 {
			continue
		}
		next := 0
		_, sector := sectorCodes[c]
		out = append(out, category{key: c, expected: expectedCode(c), group: "lexicon", make: func(g *gen) (genCase, bool) {
			if next == 0 {
				g.rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
			}
			w := words[next%len(words)]
			next++
			if sector || w.where == "industry" {
				return g.withIndustry(w.word)
			}
			trade := w.word
			if len([]rune(trade)) < 2 {
				if w.where == dict.TradeNameEqual {
					return genCase{}, false
				}
				trade += string(tradeChars[g.rng.IntN(len(tradeChars))])
			}
			gc, ok := g.withTrade(trade)
			if !ok {
				return genCase{}, false
			}
			for _, x := range w.except {
				if strings.Contains(gc.name, x) {
					return genCase{}, false // the word would be innocent here
				}
			}
			return gc, true
		}})
	}
	return out
}

// catResult is the outcome of one category.
type catResult struct {
	category
	n, family, exact int
	refused          int // answered with a verdict other than pass, for whatever reason
	misses           []string
}

// runCategories checks per names of every category.
func runCategories(g *gen, cats []category, per int) []*catResult {
	var out []*catResult
	seen := map[string]bool{}
	for _, c := range cats {
		r := &catResult{category: c}
		for tries := 0; r.n < per && tries < per*30; tries++ {
			gc, ok := c.make(g)
			if !ok || seen[gc.name+"|"+gc.entType] {
				continue
			}
			seen[gc.name+"|"+gc.entType] = true
			a := check(g.ctx, g.checker, name.Request{Name: gc.name, AuthorityCode: gc.authority, EntType: gc.entType})
			r.n++
			if rank(a.verdict) > 0 {
				r.refused++
			}
			fam, exact := flagged(c.expected, a.fs, false), flagged(c.expected, a.fs, true)
			if fam {
				r.family++
			}
			if exact {
				r.exact++
			}
			if !fam && len(r.misses) < 3 {
				req := gc.name + " (" + gc.authority
				if gc.entType != "" {
					req += ", " + gc.entType
				}
				r.misses = append(r.misses, req+"): "+a.String())
			}
		}
		out = append(out, r)
	}
	return out
}

// Disguised words (GUIDE.md §4.2 disguised_restricted_word): a lexicon word
// split by brackets, dots or spaces, with a look-alike character, or in
// pinyin.
var disguiseKinds = []string{"homophone", "look-alike", "brackets", "dot", "space", "pinyin"}

// homophones maps a common reading to the standard characters that have it
// as their common reading.
type homophones map[string][]rune

// readHomophones reads the standard characters (通用规范汉字表) from path;
// nil when unreadable (the homophone kind is then left out).
func readHomophones(path string) homophones {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "heldout: %v: no homophone variants\n", err)
		return nil
	}
	h := homophones{}
	seen := map[rune]bool{}
	for _, r := range string(data) {
		if seen[r] || !dict.IsHan(r) || !dict.IsStandardChar(r) {
			continue
		}
		seen[r] = true
		key := dict.Readings(r)[0]
		h[key] = append(h[key], r)
	}
	return h
}

func disguise(g *gen, word, kind string) (string, bool) {
	rs := []rune(word)
	if len(rs) < 2 {
		return "", false
	}
	switch kind {
	case "brackets":
		i := 1 + g.rng.IntN(len(rs)-1)
		return string(rs[:i]) + "（" + string(rs[i]) + "）" + string(rs[i+1:]), true
	case "dot":
		i := 1 + g.rng.IntN(len(rs)-1)
		return string(rs[:i]) + "·" + string(rs[i:]), true
	case "space":
		i := 1 + g.rng.IntN(len(rs)-1)
		return string(rs[:i]) + " " + string(rs[i:]), true
	case "homophone":
		for _, i := range g.rng.Perm(len(rs)) {
			var alts []rune
			for _, c := range g.homophones[dict.Readings(rs[i])[0]] {
				if c != rs[i] {
					alts = append(alts, c)
				}
			}
			if len(alts) > 0 {
				out := append([]rune(nil), rs...)
				out[i] = alts[g.rng.IntN(len(alts))]
				return string(out), true
			}
		}
	case "look-alike":
		for _, i := range g.rng.Perm(len(rs)) {
			if alts := dict.LookAlikes(rs[i]); len(alts) > 0 {
				out := append([]rune(nil), rs...)
				out[i] = alts[g.rng.IntN(min(len(alts), 3))]
				return string(out), true
			}
		}
	case "pinyin":
		return strings.ToUpper(strings.ReplaceAll(dict.PinyinOf(word), " ", "")), true
	}
	return "", false
}

// disguisedResult counts variants per category and per kind.
type disguisedResult struct {
	implemented  bool // the checker emitted a disguised code, or its sources define one
	wired        bool // the checker has a word-index field, filled by this script
	perCategory  []*catResult
	perKind      map[string]*tally // family: caught (the category's code family or a disguised code); exact: a disguised code
	otherFlagged int               // variants not caught but refused for another reason
	total        int
}

// disguisedCodes are the codes a disguised-word rule may emit.
var disguisedCodes = []string{"disguised_restricted_word", "disguised_word"}

func runDisguised(g *gen, lex map[string][]lexWord, per int, sourceHas, wired bool) *disguisedResult {
	d := &disguisedResult{perKind: map[string]*tally{}, implemented: sourceHas, wired: wired}
	cats := make([]string, 0, len(lex))
	for c := range lex {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		var words []lexWord
		for _, w := range lex[c] {
			if allHan(w.word) && len([]rune(w.word)) >= 2 {
				words = append(words, w)
			}
		}
		if len(words) == 0 {
			continue
		}
		_, sector := sectorCodes[c]
		g.rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		r := &catResult{category: category{key: c, expected: expectedCode(c)}}
		// Every word drawn is disguised in every kind, in turn.
		for i := 0; r.n < per && i < per*10; i++ {
			kind := disguiseKinds[i%len(disguiseKinds)]
			w := words[(i/len(disguiseKinds))%len(words)]
			v, ok := disguise(g, w.word, kind)
			if !ok {
				continue
			}
			var gc genCase
			if sector || w.where == "industry" {
				gc, ok = g.withIndustry(v)
			} else {
				gc, ok = g.withTrade(v)
			}
			if !ok {
				continue
			}
			a := check(g.ctx, g.checker, name.Request{Name: gc.name, AuthorityCode: gc.authority})
			r.n++
			d.total++
			t := d.perKind[kind]
			if t == nil {
				t = &tally{}
				d.perKind[kind] = t
			}
			t.n++
			if rank(a.verdict) > 0 {
				r.refused++
			}
			if hasAnyCode(a.fs, disguisedCodes) {
				d.implemented = true
				r.exact++
				t.exact++
			}
			if flagged(r.expected, a.fs, false) || hasAnyCode(a.fs, disguisedCodes) {
				r.family++
				t.family++
			} else {
				if rank(a.verdict) > 0 {
					d.otherFlagged++
				}
				if len(r.misses) < 3 {
					r.misses = append(r.misses, fmt.Sprintf("%s (%s): %s", gc.name, kind, a))
				}
			}
		}
		d.perCategory = append(d.perCategory, r)
	}
	return d
}

// hasAnyCode reports whether a finding has one of the codes.
func hasAnyCode(fs []finding, codes []string) bool {
	for _, f := range fs {
		for _, c := range codes {
			if f.Code == c {
				return true
			}
		}
	}
	return false
}
