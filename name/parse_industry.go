package name

import (
	"strings"
	"unicode/utf8"

	"namescope/dict"
)

// splitIndustry strips industry expressions from the end of body, longest
// first, while characters remain for the 字号.
func splitIndustry(body string) (trade string, terms []dict.IndustryTerm) {
	trade = body
	for {
		keep := 2
		if len(terms) == 0 {
			keep = 1
		}
		t, ok := dict.LongestIndustrySuffix(trade, keep)
		if !ok {
			break
		}
		terms = append([]dict.IndustryTerm{t}, terms...)
		trade = strings.TrimSuffix(trade, t.Term)
	}
	// Nothing distinctive left and the whole is one industry term (投资管理):
	// it stays whole, as the 字号 the rules then refuse; a modifier (国际 of
	// 国际贸易) is a 字号 the rules judge as such.
	if t, ok := dict.LookupIndustryTerm(trade); ok && len(terms) > 0 && t.Kind != "modifier" && dict.IsIndustryTerm(body) {
		return body, nil
	}
	// One character left of a whole industry term (房 + 地产开发 of 房地产开发)
	// is no 字号 either: the term is.
	if len(terms) > 0 && utf8.RuneCountInString(trade) == 1 && dict.IsIndustryTerm(body) {
		return body, nil
	}
	return trade, terms
}

// leadingIndustryWords moves the words that describe goods, services or an
// activity (dict.IsIndustryWord: 果酒, 口腔, 人参) from the end of a long
// 字号 into the industry expression that follows it: 星海 + 果酒食品, 罗兰 +
// 口腔保健用品, not 星海果酒 + 食品. The 字号 is cut at the segmenter's word
// boundaries only, keeps at least two characters, and keeps a word of its
// own that is no such word (金色阳光, 电商动力 stay whole: a 字号 made of
// ordinary words is a 字号). A moved word that is an industry term keeps its
// code; the others carry none, so the declared industry is still read from
// the terms the table knows.
func leadingIndustryWords(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	if utf8.RuneCountInString(trade) < 3 {
		return trade, terms
	}
	trade, terms = straddlingIndustryWord(trade, terms)
	if utf8.RuneCountInString(trade) < 4 {
		return trade, terms
	}
	words := goodsWords(trade)
	k := len(words)
	for k > 1 {
		w := words[k-1]
		goods := k == len(words) && len(terms) > 0 && (termsTakeGoods(terms) && isGoodsNoun(w) ||
			broadGoodsVerbs[terms[0].Term] && dict.IsGoodsNoun(w) ||
			namesProducts(terms[0]) && isProductModifier(w) ||
			!terms[0].Generic() && isTechnicalWord(w) && !livingThing(w)) &&
			!placeOnly(strings.Join(words[:k-1], ""))
		if k == len(words) && len(terms) > 0 && singleGoodsBefore(words, terms[0]) {
			goods = true
		} else if utf8.RuneCountInString(w) < 2 || !dict.IsIndustryWord(w) && !goods {
			break
		}
		rest := words[:k-1]
		if utf8.RuneCountInString(strings.Join(rest, "")) < 2 || !hasOwnWord(rest) {
			break
		}
		k--
	}
	if k == len(words) {
		return trade, terms
	}
	// A 字号 holding a lexicon word (强国战略) is left whole, so that the rules
	// see the word; so is one the lexicon has a word for once shortened (马赛
	// of 马赛视觉): the longer coinage is the 字号 the applicant chose.
	if holdsNameWord(trade) {
		return trade, terms
	}
	if rest := strings.Join(words[:k], ""); holdsNameWord(rest) {
		return trade, terms
	}
	moved := make([]dict.IndustryTerm, 0, len(words)-k+len(terms))
	for _, w := range words[k:] {
		moved = append(moved, industryWordTerm(w))
	}
	return strings.Join(words[:k], ""), append(moved, terms...)
}

// singleGoodsBefore reports whether the 字号's last word is one character
// of the goods list after a word of two or more, before 制品 or 型材 (泰克尼康
// + 铜制品): the material the products are made of, not the 字号's end.
// Before other product terms such a character is as often the 字号's (宝 +
// 制药, 鸿 + 通信设备).
func singleGoodsBefore(words []string, term dict.IndustryTerm) bool {
	n := len(words)
	return n >= 2 && utf8.RuneCountInString(words[n-1]) == 1 && utf8.RuneCountInString(words[n-2]) >= 2 &&
		dict.IsGoodsNoun(words[n-1]) && (term.Term == "制品" || term.Term == "型材")
}

// straddlingIndustryWord moves the 字号's end into the industry when the
// segmenter reads one word across the boundary the industry terms left, a
// goods or activity word or a dictionary word ending in the term the table
// read (高远不锈 + 钢管 → 高远 + 不锈钢管): the table knew only the word's
// tail. Two characters and a word of the 字号's own remain.
func straddlingIndustryWord(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	if len(terms) == 0 || utf8.RuneCountInString(terms[0].Term) < 2 {
		return trade, terms
	}
	rs := []rune(trade)
	// The word is the 字号's last two or three characters and the first
	// term: a dictionary lookup per length, no segmentation (every name
	// with an industry term comes here).
	for j := 3; j >= 2; j-- {
		if len(rs)-j < 2 {
			continue
		}
		head, rest := string(rs[len(rs)-j:]), string(rs[:len(rs)-j])
		w := head + terms[0].Term
		freq, _, known := dict.Segmenter().Find(w)
		if !(known && freq > 0) && !dict.IsIndustryWord(w) && !dict.IsIndustryTerm(w) {
			continue
		}
		if dict.IsIndustryTerm(rest) || dict.IsIndustryWord(rest) ||
			len(dict.MatchLexicon(trade, 0, len(rs))) > 0 {
			return trade, terms
		}
		return rest, append([]dict.IndustryTerm{{Term: head, Kind: "word"}}, terms...)
	}
	// A goods or activity word of three or more characters that the first
	// term only ends (古 + 生物科技 reads 古生物 + 科技): the 字号's last one
	// or two characters begin it.
	term := []rune(terms[0].Term)
	for j := 2; j >= 1; j-- {
		if len(rs)-j < 2 {
			continue
		}
		head, rest := string(rs[len(rs)-j:]), string(rs[:len(rs)-j])
		for k := len(term) - 1; k >= 1; k-- {
			w := head + string(term[:k])
			// Two characters of goods before the rest of a goods verb
			// term (奶 + 牛养殖 is 奶牛 + 养殖).
			goodsPair := utf8.RuneCountInString(w) == 2 && dict.IsGoodsNoun(w) && takesGoods(string(term[k:]))
			if !goodsPair && (utf8.RuneCountInString(w) < 3 || !dict.IsIndustryWord(w) && !dict.IsGoodsNoun(w)) {
				continue
			}
			if dict.IsIndustryTerm(rest) || dict.IsIndustryWord(rest) || holdsNameWord(trade) {
				return trade, terms
			}
			return rest, append([]dict.IndustryTerm{{Term: head, Kind: "word"}}, terms...)
		}
	}
	return trade, terms
}

// segmentWords is s cut into the process segmenter's words.
func segmentWords(s string) []string {
	segs := dict.Segmenter().Segment([]byte(s))
	words := make([]string, len(segs))
	for i, sg := range segs {
		words[i] = sg.Token().Text()
	}
	return words
}

// goodsWords segments a 字号 into words, joining a single character of the
// goods list to the goods word before it (栗子 + 树 is 栗子树): the
// segmenter knows the word, not the compound.
func goodsWords(trade string) []string {
	var words []string
	for _, w := range segmentWords(trade) {
		if n := len(words); n > 0 && utf8.RuneCountInString(w) == 1 && dict.IsGoodsNoun(w) &&
			utf8.RuneCountInString(words[n-1]) >= 2 && dict.IsGoodsNoun(words[n-1]) {
			words[n-1] += w
			continue
		}
		words = append(words, w)
	}
	// Two words that the goods list has as one (竹 + 鼠 is 竹鼠) are one.
	if n := len(words); n >= 3 && dict.IsGoodsNoun(words[n-2]+words[n-1]) {
		words = append(words[:n-2], words[n-2]+words[n-1])
	}
	// Two single characters of goods that end the 字号 after a word of two
	// or more are one product (守兵 + 稻虾: rice-and-crayfish farming).
	if n := len(words); n >= 3 && utf8.RuneCountInString(words[n-1]) == 1 && utf8.RuneCountInString(words[n-2]) == 1 &&
		utf8.RuneCountInString(words[n-3]) >= 2 && dict.IsGoodsNoun(words[n-1]) && dict.IsGoodsNoun(words[n-2]) {
		words = append(words[:n-2], words[n-2]+words[n-1])
	}
	return words
}

// holdsNameWord reports whether s holds a lexicon word that judges the 字号
// as such (placed in or equal to the 字号): such a 字号 is kept whole, so
// that the rules see the word. A word matched anywhere (支付) or where it
// says what the enterprise is (银行, 学校) is found whichever part the
// parser gives it.
func holdsNameWord(s string) bool {
	for _, m := range dict.MatchLexicon(s, 0, utf8.RuneCountInString(s)) {
		if m.Entry.Where == dict.InTradeName || m.Entry.Where == dict.TradeNameEqual {
			return true
		}
	}
	return false
}

// goodsVerbs are the industry terms that take the goods they act on as
// their object: 蟾蜍养殖, 树莓种植, 吊篮租赁, 陶粒制造. Broader ones (服务,
// 技术, 商贸) are left out: before them a noun is as often the 字号's own
// word (时代, 彩虹) as the trade's object.
var goodsVerbs = map[string]bool{
	"养殖": true, "种植": true, "种养": true, "栽培": true, "育苗": true, "制造": true, "生产": true,
	"加工": true, "租赁": true, "批发": true, "零售": true, "修理": true, "维修": true, "回收": true,
	"安装": true, "销售": true, "经销": true, "制品": true, "屠宰": true, "饲养": true,
}

// broadGoodsVerbs take goods too (校车服务, 沙石贸易), but as often follow a
// 字号's own word: before them only a word of the goods list
// (dict.IsGoodsNoun) is read as their object. 科技 is not among them: an
// animal or a device before it is as often the 字号 (海马科技, 雷达科技).
var broadGoodsVerbs = map[string]bool{"服务": true, "技术": true, "商贸": true, "贸易": true, "经营": true}

// termsTakeGoods reports whether an industry expression takes the goods
// before it as its object: its first term does, or a modifier and the
// term after it do (生态 + 养殖).
func termsTakeGoods(terms []dict.IndustryTerm) bool {
	if takesGoods(terms[0].Term) {
		return true
	}
	return len(terms) > 1 && terms[0].Kind == "modifier" && goodsVerbs[terms[1].Term]
}

// takesGoods reports whether an industry term takes the goods it acts on
// as its object: a goods verb, or a modifier and one (生态 + 养殖: 竹鼠 +
// 生态养殖).
func takesGoods(term string) bool {
	if goodsVerbs[term] {
		return true
	}
	rs := []rune(term)
	if len(rs) <= 2 || !goodsVerbs[string(rs[len(rs)-2:])] {
		return false
	}
	t, ok := dict.LookupIndustryTerm(string(rs[:len(rs)-2]))
	return ok && t.Kind == "modifier"
}

// isGoodsNoun reports whether w, of two characters or more, names goods:
// a word of the goods list (dict.IsGoodsNoun: foods, plants, animals,
// substances and artifacts by CC-CEDICT and WordNet), or a common noun
// (POS n or nz) of the segmenter's dictionary that is not one of the
// frequent abstract nouns 字号 are made of (时代, 花园, 大地: the
// dictionary's frequency of those is in the thousands, that of goods in
// the hundreds: 轿车 521, 蟾蜍 181, 线材 22).
func isGoodsNoun(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	if dict.IsGoodsNoun(w) {
		return true
	}
	if rs := []rune(w); len(rs) >= 3 && dict.IsGoodsNoun(string(rs[len(rs)-1:])) && dict.IsGoodsNoun(string(rs[:len(rs)-1])) {
		return true // 栗子 + 树 (goodsWords)
	}
	freq, pos, ok := dict.Segmenter().Find(w)
	return ok && (pos == "n" || pos == "nz") && freq > 0 && freq < goodsNounMaxFreq
}

const goodsNounMaxFreq = 1000

// namesProducts reports whether an industry term names a class of goods
// that are made or grown (GB/T 4754 sections A and C: 仪表, 洁具, 元件,
// 设备制造): the word before it may say what kind (测控 + 仪表).
func namesProducts(t dict.IndustryTerm) bool {
	s := t.Industry.Section
	return t.Kind == "industry" && (s == "A" || s == "C")
}

// livingThing reports whether w is an animal or a plant of the goods list
// (仓鼠, 海马, 玫瑰): before a term that takes no goods (信息技术, 科技) such a
// word is as often the 字号's.
func livingThing(w string) bool {
	k, ok := dict.GoodsNounKind(w)
	return ok && (k == "noun.animal" || k == "noun.plant")
}

// technicalMin is the TechnicalScore above which a word before an industry
// term is read as the trade's object or field: 42 of 60 such words of the
// development names score above it (感应 −0.65, 铁艺 −0.36, 测控 0.22), 1 of
// 53 字号 words (飞动 −0.47; 运通 −0.89, 聚财 −0.88 fall just below).
const technicalMin = -0.75

// technicalMaxFreq: a word the segmenter's dictionary counts this often or
// more is an ordinary word, which 字号 are made of as often as trades.
const technicalMaxFreq = 200

// isTechnicalWord reports whether w, two or three characters, is written
// like the things a trade makes or does (dict.TechnicalScore) and is no
// name the segmenter knows (nr, ns, nz): 自控, 无纺, 对虾, 物联.
func isTechnicalWord(w string) bool {
	rs := []rune(w)
	if len(rs) < 2 || len(rs) > 3 {
		return false
	}
	// X业 (建业, 基业, 展业) and doubled characters (甜甜) are how 字号 are
	// made, whatever the characters.
	if rs[len(rs)-1] == '业' || rs[0] == rs[1] {
		return false
	}
	if freq, pos, ok := dict.Segmenter().Find(w); ok {
		switch pos {
		case "nr", "nrt", "ns", "nz":
			return false
		}
		// A frequent word (资源, 合力, 互动, 印象) is as often a 字号's.
		if freq >= technicalMaxFreq {
			return false
		}
	}
	return dict.TechnicalScore(w) >= technicalMin
}

// isProductModifier reports whether w is a rare verbal noun of the
// segmenter's dictionary (POS vn below goodsNounMaxFreq: 测控 63, 自控 68,
// 挤出机 5): before a product class it says what the goods do. Nouns and
// verbs are left to the 字号: 汇川, 腾跃 and 振兴 are 字号 as often.
func isProductModifier(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	freq, pos, ok := dict.Segmenter().Find(w)
	return ok && pos == "vn" && freq > 0 && freq < goodsNounMaxFreq
}

// sectorSuffix takes a sector word that ends the 字号 with no industry term
// after it (爱尔眼科医院, 蓝精灵幼儿园, 尚武跆拳道培训学校: the lexicon's
// industry-placed words, which say what the enterprise is) into the
// industry expression, with the industry words just before it (眼科,
// 培训, 舞蹈). It cuts at the segmenter's word boundaries and keeps two
// characters and a word of the 字号's own.
func sectorSuffix(trade string) (string, []dict.IndustryTerm) {
	rs := []rune(trade)
	if len(rs) < 4 {
		return trade, nil
	}
	start := -1
	for _, m := range dict.MatchLexicon(trade, 0, len(rs)) {
		if m.Entry.Where == dict.InIndustry && m.End == len(rs) && (start < 0 || m.Start < start) {
			start = m.Start
		}
	}
	if start < 2 {
		return trade, nil
	}
	words := segmentWords(trade)
	// The first word that reaches into the sector word starts the move.
	k, at := 0, 0
	for k < len(words) && at+utf8.RuneCountInString(words[k]) <= start {
		at += utf8.RuneCountInString(words[k])
		k++
	}
	for k > 0 {
		w := words[k-1]
		known := dict.IsIndustryWord(w) || dict.IsIndustryTerm(w)
		if utf8.RuneCountInString(w) < 2 || !known && !isGoodsNoun(w) {
			break
		}
		// A noun the tables do not know moves only off a word of two
		// characters or more: after one character the segmenter has likely
		// split the 字号's own word (新田地).
		if !known && (k < 2 || utf8.RuneCountInString(words[k-2]) < 2) {
			break
		}
		if utf8.RuneCountInString(strings.Join(words[:k-1], "")) < 2 || !hasOwnWord(words[:k-1]) {
			break
		}
		k--
	}
	rest := strings.Join(words[:k], "")
	if utf8.RuneCountInString(rest) < 2 || !hasOwnWord(words[:k]) || placeOnly(rest) {
		return trade, nil
	}
	terms := make([]dict.IndustryTerm, 0, len(words)-k)
	for _, w := range words[k:] {
		terms = append(terms, industryWordTerm(w))
	}
	return rest, terms
}

// factoryForms are the forms after which a bare noun is the product made
// there (惠民 + 棉鞋 + 厂, 陈永前 + 鞋 + 厂) or grown by the members
// (靓亮 + 脐橙 + 专业合作社).
var factoryForms = []string{"厂", "加工厂", "专业合作社", "农民专业合作社", "合作社"}

// factoryProduct moves the last word of a factory's or a cooperative's
// 字号 into the industry when it names goods: of two characters or more
// (isGoodsNoun), or, before 厂, a common noun of one after a word of two
// (鞋, 布, 纸), or after a single character when the goods list has it
// (志 + 隆 + 鞋), with that character when it is goods too (渣砖). Two
// characters and a word of the 字号's own remain, and not a place alone.
func factoryProduct(trade, form string) (string, []dict.IndustryTerm) {
	if utf8.RuneCountInString(trade) < 3 {
		return trade, nil
	}
	words := segmentWords(trade)
	if len(words) < 2 {
		return trade, nil
	}
	w, restWords := words[len(words)-1], words[:len(words)-1]
	goods := isGoodsNoun(w)
	if utf8.RuneCountInString(w) == 1 {
		if !strings.HasSuffix(form, "厂") {
			return trade, nil
		}
		freq, pos, ok := dict.Segmenter().Find(w)
		goods = ok && pos == "n" && freq > 0
		switch p := restWords[len(restWords)-1]; {
		case utf8.RuneCountInString(p) >= 2:
		case !dict.IsGoodsNoun(w):
			// After a single character the segmenter has likely split
			// the 字号's own word, or a product of two (铁 + 艺): only a
			// character of the goods list is a product of its own.
			goods = false
		case dict.IsGoodsNoun(p) && len(restWords) > 1:
			// Two characters of goods are one product (渣 + 砖, 锰 + 粉).
			w, restWords = p+w, restWords[:len(restWords)-1]
		}
	}
	rest := strings.Join(restWords, "")
	if !goods || utf8.RuneCountInString(rest) < 2 || !hasOwnWord(restWords) || placeOnly(rest) || holdsNameWord(trade) {
		return trade, nil
	}
	return rest, []dict.IndustryTerm{industryWordTerm(w)}
}

// namedProduct reads the last word of a 字号 followed by no industry term
// as the industry when the open word lists name it goods or a trade
// (dict.IsGoodsNoun, dict.IsIndustryWord: 大隆 + 发泡胶, 新华 + 书店): a
// company names what it does. Unlike factoryProduct, a noun the lists do
// not hold stays in the 字号 (a company's 字号 is as often a coined word of
// two nouns). Two characters and a word of the 字号's own remain.
func namedProduct(trade string) (string, []dict.IndustryTerm) {
	if utf8.RuneCountInString(trade) < 4 {
		return trade, nil
	}
	// A thing and 业 is its trade (凯斯德 + 砂业, 牧河 + 牛业, as 石业).
	if rest, w, ok := thingTrade(trade); ok && !placeOnly(rest) && !holdsNameWord(trade) &&
		!dict.IsIndustryTerm(rest) && !dict.IsIndustryWord(rest) {
		return rest, []dict.IndustryTerm{{Term: w, Kind: "word"}}
	}
	words := goodsWords(trade)
	if len(words) < 2 {
		return trade, nil
	}
	// The goods words before it go with it (三丰 + 混凝土外加剂).
	k := len(words)
	for k > 1 {
		w := words[k-1]
		if utf8.RuneCountInString(w) < 2 || !dict.IsGoodsNoun(w) && !dict.IsIndustryWord(w) && !dict.IsIndustryTerm(w) ||
			k == len(words) && dict.IsIndustryTerm(w) {
			break
		}
		rest := strings.Join(words[:k-1], "")
		if utf8.RuneCountInString(rest) < 2 || !hasOwnWord(words[:k-1]) || placeOnly(rest) {
			break
		}
		k--
	}
	if k == len(words) || holdsNameWord(trade) {
		return trade, nil
	}
	terms := make([]dict.IndustryTerm, 0, len(words)-k)
	for _, w := range words[k:] {
		terms = append(terms, industryWordTerm(w))
	}
	return strings.Join(words[:k], ""), terms
}

// bankName keeps in the 字号 the words of a bank's name before 银行 that
// the table reads as industries (中国建设 + 银行, 中国农业 + 银行, 国家开发 +
// 银行, as 中国工商 + 银行): a bank's industry expression is 银行, or a kind
// of bank the table has whole (农村商业银行, 邮政储蓄银行).
func bankName(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	n := len(terms)
	if n < 2 || terms[n-1].Term != "银行" || trade == "" {
		return trade, terms
	}
	return trade + termText(terms[:n-1]), terms[n-1:]
}

// groupInName keeps in the 字号 a group's name that a member repeats
// before its own industry (港基建设集团 + 建材装饰工程, 缘份集团 + 酒业): 集团
// inside the industry run ends the 字号, which the words before it belong
// to.
func groupInName(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	for i := len(terms) - 2; i >= 0; i-- {
		if terms[i].Term == "集团" && trade != "" {
			return trade + termText(terms[:i+1]), terms[i+1:]
		}
	}
	return trade, terms
}

// thingTrade splits a 字号 ending in a character naming a thing and 业, or
// 化 for its chemical industry (砂业, 牛业, 锡业, 盐化, 林化), into the rest
// and that trade. The character is of the
// goods list or a common noun (POS n); it is not the end of a longer word
// (养殖 + 业), and a compound the segmenter knows of a character that is no
// goods or a name's (宏业, 伟业, 创业, 营业, 鸿业: words 字号 are made of) is
// not taken.
func thingTrade(trade string) (rest, w string, ok bool) {
	words := segmentWords(trade)
	n := len(words)
	var c, suf string
	for _, x := range []string{"业", "化"} {
		switch {
		case n >= 3 && words[n-1] == x && utf8.RuneCountInString(words[n-2]) == 1:
			c, suf, rest = words[n-2], x, strings.Join(words[:n-2], "")
		case n >= 2 && utf8.RuneCountInString(words[n-1]) == 2 && strings.HasSuffix(words[n-1], x):
			c, suf, rest = strings.TrimSuffix(words[n-1], x), x, strings.Join(words[:n-1], "")
		}
	}
	if suf == "" {
		return trade, "", false
	}
	_, pos, _ := dict.Segmenter().Find(c)
	goods := dict.IsGoodsNoun(c)
	if pos != "n" && !goods {
		return trade, "", false
	}
	if freq, _, known := dict.Segmenter().Find(c + suf); known && freq > 0 && (!goods || pos == "nr") {
		return trade, "", false
	}
	if utf8.RuneCountInString(rest) < 2 {
		return trade, "", false
	}
	return rest, c + suf, true
}

// wholeNameWord keeps whole a lexicon word placed in the 字号 when the
// industry terms cut it (希望工程 + 机械设备, not 希望 + 工程机械设备;
// 志愿服务 + 商贸): the 字号 runs to its end, and what follows is read
// again as the industry. The word must start a word of the text (央企 of
// 未央企业 does not); a word matched anywhere (基金 of 恒基金属) is found
// wherever it is and moves nothing.
func wholeNameWord(trade string, terms []dict.IndustryTerm) (string, []dict.IndustryTerm) {
	if len(terms) == 0 || trade == "" {
		return trade, terms
	}
	text := []rune(trade + termText(terms))
	cut := utf8.RuneCountInString(trade)
	end := cut
	for _, m := range dict.MatchLexicon(string(text), 0, len(text)) {
		if (m.Entry.Where == dict.InTradeName || m.Entry.Where == dict.TradeNameEqual) && m.Start < cut && m.End > end &&
			startsWord(text, m.Start) {
			end = m.End
		}
	}
	if end == cut {
		return trade, terms
	}
	return string(text[:end]), restTerms(string(text[end:]))
}

// restTerms reads the industry expression written after an unbracketed
// region (国投厦港 + 海南 + 拖轮): its terms, and what the table does not
// know as a word of its own.
func restTerms(rest string) []dict.IndustryTerm {
	if rest == "" {
		return nil
	}
	tr, ts := splitIndustry(rest)
	if tr != "" {
		ts = append([]dict.IndustryTerm{industryWordTerm(tr)}, ts...)
	}
	return ts
}

// hasOwnWord reports whether some word of ws is neither an industry word
// nor an industry term: the part that makes a 字号 distinctive.
func hasOwnWord(ws []string) bool {
	for _, w := range ws {
		if !dict.IsIndustryWord(w) && !dict.IsIndustryTerm(w) {
			return true
		}
	}
	return false
}

// industryOnly reports whether s is an industry expression and nothing else.
func industryOnly(s string) bool {
	tr, _ := splitIndustry(s)
	return dict.IsIndustryTerm(tr) || dict.IsIndustryWord(tr)
}

// industryWordTerm is the term of an industry word: the table's when it has
// one, else a word without a code.
func industryWordTerm(w string) dict.IndustryTerm {
	if t, ok := dict.LookupIndustryTerm(w); ok {
		return t
	}
	return dict.IndustryTerm{Term: w, Kind: "word"}
}

// termText is the industry expression the terms spell.
func termText(terms []dict.IndustryTerm) string {
	var b strings.Builder
	for _, t := range terms {
		b.WriteString(t.Term)
	}
	return b.String()
}

// regulatorNamedTypes are the institution types a rural financial
// institution is named by, after its region, with no 字号 (the name the
// banking regulator approves): 大连农村商业银行股份有限公司, 雷山县农村信用合作联社
// (whose form is 联社).
var regulatorNamedTypes = []string{"农村商业银行", "农村合作银行", "农村信用合作", "村镇银行", "农村资金互助"}

// industryOf picks the category an industry expression stands for: the
// leftmost real industry term (the most specific wording), else the leftmost
// modifier that names an industry; zero when only generic words are used.
func industryOf(terms []dict.IndustryTerm) dict.Industry {
	for _, kind := range []string{"industry", "modifier"} {
		for _, t := range terms {
			if t.Kind == kind && !t.Industry.IsZero() {
				return t.Industry
			}
		}
	}
	return dict.Industry{}
}
