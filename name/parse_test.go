package name_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"namescope/name"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParseGolden parses testdata/parse_inputs.txt and compares with
// testdata/parse.golden; run with -update after a deliberate change and
// review the diff.
func TestParseGolden(t *testing.T) {
	f, err := os.Open("testdata/parse_inputs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := name.Parse(line)
		fmt.Fprintf(&got, "%s\n  normalized=%s region=%q(%s)%v trade=%q%v industry=%q%v→%s org=%q%v group=%v china=%v parent=%q branch=%q\n",
			line, p.Normalized, p.Region, p.RegionPos, p.RegionSpan, p.TradeName, p.TradeNameSpan,
			p.Industry, p.IndustrySpan, p.NameIndustry.String(), p.OrgForm, p.OrgFormSpan, p.Group, p.ChinaMarker, p.Parent, p.BranchQualifier)
	}
	const golden = "testdata/parse.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got.String() != string(want) {
		gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("parse differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("parse output length differs from %s", golden)
	}
}

// TestParseIndustryRuns covers issue 10: the 字号 must not run on into
// industry words of the open-source dictionary (GB/T 4754-2017 class names,
// the embedded scope catalogue), nor keep the head of a run of expressions.
func TestParseIndustryRuns(t *testing.T) {
	for _, tc := range []struct {
		in                      string
		region, trade, industry string
		form                    string
		code                    string
	}{
		{"仙桃市亚格卫生用品有限公司", "仙桃市", "亚格", "卫生用品", "有限公司", "F5134"},
		{"天津祥发服务外包有限公司", "天津", "祥发", "服务外包", "有限公司", "L72"},
		{"大连朗益口腔诊所有限公司", "大连", "朗益", "口腔诊所", "有限公司", "Q8425"},
		{"平顶山市司基早餐店", "平顶山市", "司基", "早餐", "店", "H62"},
		{"平顶山市星河自行车有限公司", "平顶山市", "星河", "自行车", "有限公司", "C3761"},
		{"永寿县润泽发加油站管理有限责任公司", "永寿县", "润泽发", "加油站管理", "有限责任公司", "F5265"},
		{"承德县富豪银矿有限公司", "承德县", "富豪", "银矿", "有限公司", "B0922"},
		{"兰州荣熙矿山机械设备有限公司", "兰州", "荣熙", "矿山机械设备", "有限公司", "C3511"},
		{"北京云谷在线人工智能科技有限公司", "北京", "云谷在线", "人工智能科技", "有限公司", "I65"},
		{"平顶山市星泉律师事务所（特殊普通合伙）", "平顶山市", "星泉", "律师", "事务所（特殊普通合伙）", "L7231"},
		// Unchanged: a coined 字号 keeps its characters.
		{"平顶山市星河科技有限公司", "平顶山市", "星河", "科技", "有限公司", "I65"},
		{"河南省平顶山市卫东区金鼎餐饮管理有限公司", "河南省平顶山市卫东区", "金鼎", "餐饮管理", "有限公司", "H62"},
	} {
		p := name.Parse(tc.in)
		if p.Region != tc.region || p.TradeName != tc.trade || p.Industry != tc.industry || p.OrgForm != tc.form || p.NameIndustry.String() != tc.code {
			t.Errorf("Parse(%s) = %q %q %q %q %s, want %q %q %q %q %s", tc.in,
				p.Region, p.TradeName, p.Industry, p.OrgForm, p.NameIndustry.String(),
				tc.region, tc.trade, tc.industry, tc.form, tc.code)
		}
	}
	// A branch of the postal savings bank: 中国 + 邮政储蓄银行 (GUIDE.md §3.5).
	p := name.Parse("中国邮政储蓄银行股份有限公司华亭县西华营业所")
	if p.TradeName != "中国" || p.Industry != "邮政储蓄银行" {
		t.Errorf("postal savings bank branch: %q %q, want 中国 邮政储蓄银行", p.TradeName, p.Industry)
	}
}

// TestParseGoodsWordsAndLegacyForms: the words of goods and activities of
// industry_vocab.tsv move from a long 字号 into the industry (ParserVersion
// 4); names the regulator sets have no 字号; a short province with nothing
// distinctive after it is the region; a region after the 字号 is recorded.
func TestParseGoodsWordsAndLegacyForms(t *testing.T) {
	for _, tc := range []struct {
		name, in                string
		region, trade, industry string
		regulator, unbracketed  bool
	}{
		{"goods word", "昆明星海果酒食品有限公司", "昆明", "星海", "果酒食品", false, false},
		{"goods words without a term", "中宁县润晟枸杞专业合作社", "中宁县", "润晟", "枸杞", false, false},
		{"two goods words", "平湖市峰云电脑缝纫设备有限公司", "平湖市", "峰云", "电脑缝纫设备", false, false},
		{"activity word", "丹东罗兰口腔保健用品有限公司", "丹东", "罗兰", "口腔保健用品", false, false},
		{"ordinary words stay", "东莞市金色阳光商贸有限公司", "东莞市", "金色阳光", "商贸", false, false},
		{"all industry words stay", "东莞市电商动力电子商务有限公司", "东莞市", "电商动力", "电子商务", false, false},
		{"lexicon word left whole", "三亚马赛视觉婚纱摄影有限公司", "三亚", "马赛视觉", "婚纱摄影", false, false},
		{"a word across the boundary", "武汉高远不锈钢管有限公司", "武汉", "高远", "不锈钢管", false, false},
		{"a lexicon word is not cut", "郑州市强国战略建材股份有限公司", "郑州市", "强国战略", "建材", false, false},
		{"three characters stay", "平顶山市华音乐培训有限公司", "平顶山市", "华音乐", "培训", false, false},
		{"rural commercial bank", "大连农村商业银行股份有限公司", "大连", "", "农村商业银行", true, false},
		{"rural credit union", "雷山县农村信用合作联社", "雷山县", "", "农村信用合作", true, false},
		{"village bank", "郑州村镇银行股份有限公司", "郑州", "", "村镇银行", true, false},
		{"bank with a 字号", "郑州郑银村镇银行股份有限公司", "郑州", "郑银", "村镇银行", false, false},
		{"province and industry only", "重庆木材有限责任公司", "重庆", "木材", "", false, false},
		{"county short and industry only", "宝丰酒业有限公司", "", "宝丰", "酒业", false, false},
		{"one industry term stays whole", "佛山市南海区投资管理公司", "佛山市南海区", "投资管理", "", false, false},
		{"region after the 字号", "沁辰金赤健康管理重庆有限公司", "重庆", "沁辰金赤", "健康管理", false, true},
		{"group subsidiary", "中国移动通信集团河北有限公司", "河北", "中国移动通信集团", "", false, true},
		{"中国 prefix keeps its 字号", "中国星河平顶山科技有限公司", "", "中国星河平顶山", "科技", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := name.Parse(tc.in)
			if p.Region != tc.region || p.TradeName != tc.trade || p.Industry != tc.industry ||
				p.RegulatorNamed != tc.regulator || p.RegionUnbracketed != tc.unbracketed {
				t.Errorf("Parse(%s) = %q %q %q regulator=%v unbracketed=%v, want %q %q %q %v %v", tc.in,
					p.Region, p.TradeName, p.Industry, p.RegulatorNamed, p.RegionUnbracketed,
					tc.region, tc.trade, tc.industry, tc.regulator, tc.unbracketed)
			}
		})
	}
}

// TestParseGoodsObjectsSectorsAndForms: ParserVersions 5 to 8. A common noun
// before an activity that takes goods is its object (蟾蜍养殖); a sector
// word ending the 字号 is the industry (眼科医院); a factory's product is
// its industry (鞋厂); 总公司 and （微型企业） are forms; a group's name
// before an unbracketed region is the 字号. Abstract nouns, places and
// the 字号's own words stay.
func TestParseGoodsObjectsSectorsAndForms(t *testing.T) {
	for _, tc := range []struct {
		name, in                      string
		region, trade, industry, form string
	}{
		{"goods before 养殖", "南部县石泉乡广川蟾蜍养殖场", "南部县", "石泉乡广川", "蟾蜍养殖", "场"},
		{"goods before 种植", "卢龙县仙河树莓种植专业合作社", "卢龙县", "仙河", "树莓种植", "专业合作社"},
		{"goods before 租赁", "东莞市恒达吊篮租赁有限公司", "东莞市", "恒达", "吊篮租赁", "有限公司"},
		{"goods before 制造", "贵州林海陶粒制造有限公司", "贵州", "林海", "陶粒制造", "有限公司"},
		{"abstract noun stays", "东莞市华夏时代制造有限公司", "东莞市", "华夏时代", "制造", "有限公司"},
		{"a town alone is no 字号", "伊通满族自治县营城子镇群发养殖专业合作社", "伊通满族自治县", "营城子镇群发", "养殖", "专业合作社"},
		{"broad activity takes a listed good", "厦门市宾联轿车服务有限公司", "厦门市", "宾联", "轿车服务", "有限公司"},
		{"科技 keeps the 字号's animal", "石家庄世纪海马科技有限公司", "石家庄", "世纪海马", "科技", "有限公司"},
		{"listed goods with a frequent word", "哈密市群收牛羊养殖专业合作社", "哈密市", "群收", "牛羊养殖", "专业合作社"},
		{"hospital", "宜春爱尔眼科医院有限公司", "宜春", "爱尔", "眼科医院", "有限公司"},
		{"kindergarten", "平江县蓝精灵幼儿园有限公司", "平江县", "蓝精灵", "幼儿园", "有限公司"},
		{"training school", "东平县尚武跆拳道培训学校有限公司", "东平县", "尚武", "跆拳道培训学校", "有限公司"},
		{"hospital management is no hospital", "杭州迦得医院管理有限公司", "杭州", "迦得", "医院管理", "有限公司"},
		{"a payment word moves", "北京钱袋宝支付技术有限公司", "北京", "钱袋宝", "支付技术", "有限公司"},
		{"factory product", "来凤县三胡乡惠民棉鞋厂", "来凤县", "三胡乡惠民", "棉鞋", "厂"},
		{"one-character product", "温岭市华丰鞋厂", "温岭市", "华丰", "鞋", "厂"},
		{"cooperative's product", "信丰县大塘埠镇靓亮脐橙专业合作社", "信丰县", "大塘埠镇靓亮", "脐橙", "专业合作社"},
		{"a word the first term ends", "贵州太元古生物科技有限公司", "贵州", "太元", "古生物科技", "有限公司"},
		{"one-character product after a single character", "上海市川申鞋厂", "上海市", "川申", "鞋", "厂"},
		{"two characters of goods", "禄丰县金山镇朝峰渣砖加工厂", "禄丰县", "金山镇朝峰", "渣砖", "加工厂"},
		{"a split word is not cut", "天津市宝坻区张建辉铁艺加工厂", "天津市宝坻区", "张建辉铁艺", "", "加工厂"},
		{"a goods word and a goods character", "东海县温泉镇李永棠栗子树种植园", "东海县", "温泉镇李永棠", "栗子树种植", "园"},
		{"a venue the firm runs", "庐山市南康购物广场有限公司", "庐山市", "南康", "购物广场", "有限公司"},
		{"a venue before its trade", "长春市吉利山庄娱乐有限责任公司", "长春市", "吉利", "山庄娱乐", "有限责任公司"},
		{"ship repair", "重庆市涪陵区江新船舶修造有限公司", "重庆市涪陵区", "江新", "船舶修造", "有限公司"},
		{"head office", "天津市嘉佳实业总公司", "天津市", "嘉佳", "实业", "总公司"},
		{"micro-enterprise marker", "南宁市世宸养殖场(微型企业)", "南宁市", "世宸", "养殖", "场（微型企业）"},
		{"a 字号 lexicon word stays whole", "平顶山市湛河区希望工程机械设备有限公司", "平顶山市湛河区", "希望工程", "机械设备", "有限公司"},
		{"not a word inside another", "西藏未央企业管理有限公司", "西藏", "未央", "企业管理", "有限公司"},
		{"group before a region", "远大中联集团宁夏电力工程有限公司", "宁夏", "远大中联集团", "电力工程", "有限公司"},
		{"a verbal noun before a product class", "许昌华桥测控仪表有限公司", "许昌", "华桥", "测控仪表", "有限公司"},
		{"a noun before a product class stays", "北京卓立汉光仪器有限公司", "北京", "卓立汉光", "仪器", "有限公司"},
		{"a listed good with no term after it", "中山大隆发泡胶有限公司", "中山", "大隆", "发泡胶", "有限公司"},
		{"goods words before it go with it", "临安市三丰混凝土外加剂有限公司", "临安市", "三丰", "混凝土外加剂", "有限公司"},
		{"an unlisted noun with no term stays", "洛阳华夏盛典有限公司", "洛阳", "华夏盛典", "", "有限公司"},
		{"a good's trade in 业", "辽宁凯斯德砂业有限公司", "辽宁", "凯斯德", "砂业", "有限公司"},
		{"a material before 制品", "宁波市江北泰克尼康铜制品厂", "宁波市江北", "泰克尼康", "铜制品", "厂"},
		{"a character before another product stays", "江西济民可信金水宝制药有限公司", "江西", "济民可信金水宝", "制药", "有限公司"},
		{"two goods characters are one product", "扶沟县广源瓜菜专业合作社", "扶沟县", "广源", "瓜菜", "专业合作社"},
		{"a bank's name before 银行", "中国建设银行股份有限公司招远支行", "", "中国建设", "银行", "支行"},
		{"a kind of bank stays whole", "浙江稠州商业银行股份有限公司", "浙江", "稠州", "商业银行", "股份有限公司"},
		{"a district after its province", "山东张店晶雪冷冻设备公司", "山东张店", "晶雪", "冷冻设备", "公司"},
		{"a district of a municipality", "北京市通州永成陶瓷纤维制品厂", "北京市通州", "永成", "陶瓷纤维制品", "厂"},
		{"two characters of goods the term cuts", "吴忠市泽宁奶牛养殖专业合作社", "吴忠市", "泽宁", "奶牛养殖", "专业合作社"},
		{"a former county written in full", "孟津县星河商贸有限公司", "孟津县", "星河", "商贸", "有限公司"},
		{"a former county with no 字号 after it", "孟津县粮油食品有限公司", "孟津县", "粮油食品", "", "有限公司"},
		{"a credit cooperative of a 联社", "凌源市农村信用合作联社刀尔登信用社", "凌源市", "", "农村信用合作", "信用社"},
		{"a place's 厂 is no parent", "麻栗坡县铁厂金火旺机制炭加工厂", "麻栗坡县", "铁厂金火旺机制", "炭", "加工厂"},
		{"a 联社's branch keeps its parent", "岳阳县农村信用合作联社长岭头分社", "岳阳县", "", "农村信用合作", "分社"},
		{"a bracketed region wins over a short one at the head", "上海外服(陕西)企业服务有限公司", "陕西", "上海外服", "企业服务", "有限公司"},
		{"a bracketed free-trade zone", "中金易格(浙江自贸区)石化有限公司", "浙江自贸区", "中金易格", "石化", "有限公司"},
		{"a group's name before the member's industry", "山东港基建设集团建材装饰工程有限公司", "山东", "港基建设集团", "建材装饰工程", "有限公司"},
		{"a thing's trade in 业", "西乡县牧河牛业有限责任公司", "西乡县", "牧河", "牛业", "有限责任公司"},
		{"a 字号 word in 业 stays", "夏邑县宏业商贸有限公司", "夏邑县", "宏业", "商贸", "有限公司"},
		{"a prefecture's abbreviation", "巴州耐都商贸有限责任公司", "巴州", "耐都", "商贸", "有限责任公司"},
		{"goods before a modifier and a goods verb", "安仁县陈何兄弟竹鼠生态养殖有限公司", "安仁县", "陈何兄弟", "竹鼠生态养殖", "有限公司"},
		{"a sales point of a cooperative", "北海市高德供销社开江农资代销点", "北海市", "高德", "供销", "点"},
		{"a chemical industry of a thing", "保康县恺悦磷化有限责任公司", "保康县", "恺悦", "磷化", "有限责任公司"},
		{"a statutory professional firm", "陕西正源税务师事务所有限责任公司", "陕西", "正源", "税务师事务所", "有限责任公司"},
		{"a technical word before a service", "武汉威高测控技术有限公司", "武汉", "威高", "测控技术", "有限公司"},
		{"a technical word before a product", "沙湾县银天顺塑钢包装有限责任公司", "沙湾县", "银天顺", "塑钢包装", "有限责任公司"},
		{"a frequent word before a service stays", "北京新时代资源科技有限公司", "北京", "新时代资源", "科技", "有限公司"},
		{"an animal before a service stays", "南京蒙圈仓鼠信息技术有限公司", "南京", "蒙圈仓鼠", "信息技术", "有限公司"},
		{"an animal before 饲养 moves", "富裕县明星奶牛饲养专业合作社", "富裕县", "明星", "奶牛饲养", "专业合作社"},
		{"a city's high-tech zone written short", "安康高新安澜建材销售有限公司", "安康高新", "安澜", "建材销售", "有限公司"},
		{"高新 before an industry alone is the 字号", "自贡市高新机械制造有限公司", "自贡市", "高新", "机械制造", "有限公司"},
		{"高新开发区 is a zone word", "长沙高新开发区福来克斯麻类科技有限公司", "长沙高新开发区", "福来克斯", "麻类科技", "有限公司"},
		{"a district after its city, not the prefecture", "巴中市巴州耐都商贸有限公司", "巴中市巴州", "耐都", "商贸", "有限公司"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := name.Parse(tc.in)
			if p.Region != tc.region || p.TradeName != tc.trade || p.Industry != tc.industry || p.OrgForm != tc.form {
				t.Errorf("Parse(%s) = %q %q %q %q, want %q %q %q %q", tc.in,
					p.Region, p.TradeName, p.Industry, p.OrgForm, tc.region, tc.trade, tc.industry, tc.form)
			}
		})
	}
}
