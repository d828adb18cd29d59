package name_test

import (
	"slices"
	"testing"

	"namescope/name"
)

// A branch is its parent's full name plus the branch's qualifier and word
// (Reg 734 Art 13): the parent is parsed as a name, the branch word is the
// form.
func TestParseBranch(t *testing.T) {
	for _, tc := range []struct {
		label, name                                 string
		parent, parentForm, qualifier, word, region string
		trade                                       string
	}{
		{"分公司 in another province", "山东绿环新能源科技有限公司普安分公司", "山东绿环新能源科技有限公司", "有限公司", "普安", "分公司", "山东", "绿环"},
		{"bank sub-branch", "交通银行股份有限公司重庆朝天门支行", "交通银行股份有限公司", "股份有限公司", "重庆朝天门", "支行", "", "交通"},
		{"bank office", "中国邮政储蓄银行股份有限公司华亭县西华营业所", "中国邮政储蓄银行股份有限公司", "股份有限公司", "华亭县西华", "营业所", "", "*"},
		{"sales office under a branch", "中国人寿保险股份有限公司忻州分公司五寨县三岔镇营销服务部", "中国人寿保险股份有限公司", "股份有限公司", "忻州分公司五寨县三岔镇", "营销服务部", "", "中国"},
		{"branch factory of a factory", "山东人民印刷厂泰安分厂", "山东人民印刷厂", "厂", "泰安", "分厂", "山东", "人民"},
		{"shop of a supply cooperative", "滑县留固供销社农资经营部", "滑县留固供销社", "社", "农资", "经营部", "滑县", "留固"},
		{"shop of a supply-and-marketing cooperative", "开封市祥符区范村供销合作社赤仓生产门市部", "开封市祥符区范村供销合作社", "合作社", "赤仓生产", "门市部", "开封市祥符区", "范村"},
		{"pharmacy of a group's subsidiary", "天津医药集团世一堂连锁股份有限公司荣华药店", "天津医药集团世一堂连锁股份有限公司", "股份有限公司", "荣华", "药店", "天津", "*"},
		{"breeding farm, parent with bracketed region", "中合生态农业科技（信阳）有限公司北雷种猪场", "中合生态农业科技（信阳）有限公司", "有限公司", "北雷", "种猪场", "信阳", "中合"},
		{"bank branch of a bank", "中国农业银行平顶山分行", "中国农业银行", "行", "平顶山", "分行", "", "*"},
		{"shop word 门市", "成都龙泉嘉禾农资有限公司七十七门市", "成都龙泉嘉禾农资有限公司", "有限公司", "七十七", "门市", "成都", "龙泉嘉禾"},
		{"restaurant of a company", "呼和浩特市瑞福祥商贸有限责任公司大召麦香村酒楼", "呼和浩特市瑞福祥商贸有限责任公司", "有限责任公司", "大召麦香村", "酒楼", "呼和浩特市", "瑞福祥"},
		{"no qualifier", "平顶山市星河科技有限公司分公司", "平顶山市星河科技有限公司", "有限公司", "", "分公司", "平顶山市", "星河"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			p := name.Parse(tc.name)
			if !p.IsBranch() {
				t.Fatalf("Parse(%s) is no branch: form %q parent %q", tc.name, p.OrgForm, p.Parent)
			}
			if p.Parent != tc.parent || p.ParentOrgForm != tc.parentForm || p.BranchQualifier != tc.qualifier || p.OrgForm != tc.word {
				t.Errorf("Parse(%s): parent %q (%q) qualifier %q word %q, want %q (%q) %q %q", tc.name,
					p.Parent, p.ParentOrgForm, p.BranchQualifier, p.OrgForm, tc.parent, tc.parentForm, tc.qualifier, tc.word)
			}
			if p.Region != tc.region || (tc.trade != "*" && p.TradeName != tc.trade) {
				t.Errorf("Parse(%s): region %q 字号 %q, want %q %q", tc.name, p.Region, p.TradeName, tc.region, tc.trade)
			}
			if p.Parent+p.BranchQualifier+p.OrgForm != p.Normalized {
				t.Errorf("Parse(%s): parts do not add up", tc.name)
			}
		})
	}
}

// Names that end with a shop or site word but are no branch.
func TestParseNotBranch(t *testing.T) {
	for _, tc := range []struct{ label, name, form string }{
		{"经营部 of its own", "平顶山市星河五金经营部", "经营部"},
		{"社 inside 社区", "平顶山市星河社区便利店", "店"},
		{"厂 inside 厂家", "平顶山市星河厂家直销店", "店"},
		{"加油站 of its own", "平顶山市星河加油站", "站"},
		{"company", "平顶山市星河加油站管理有限公司", "有限公司"},
		{"a factory", "平顶山市星河纺织厂", "厂"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			p := name.Parse(tc.name)
			if p.Parent != "" || p.IsBranch() {
				t.Errorf("Parse(%s): branch of %q", tc.name, p.Parent)
			}
			if p.OrgForm != tc.form {
				t.Errorf("Parse(%s): form %q, want %q", tc.name, p.OrgForm, tc.form)
			}
		})
	}
}

func TestParseCooperatives(t *testing.T) {
	for _, tc := range []struct{ label, name, trade, industry, form string }{
		{"农民专业合作社", "英吉沙县喜悦农机农民专业合作社", "喜悦", "农机", "农民专业合作社"},
		{"专业合作社", "常德市武陵区风和家禽养殖专业合作社", "风和", "家禽养殖", "专业合作社"},
		{"股份经济合作社", "平顶山市湛河区曹镇村股份经济合作社", "曹镇村", "", "股份经济合作社"},
		{"供销合作社", "开封市祥符区范村供销合作社", "范村", "供销", "合作社"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			p := name.Parse(tc.name)
			if p.TradeName != tc.trade || p.Industry != tc.industry || p.OrgForm != tc.form {
				t.Errorf("Parse(%s): %q|%q|%q, want %q|%q|%q", tc.name, p.TradeName, p.Industry, p.OrgForm, tc.trade, tc.industry, tc.form)
			}
		})
	}
}

func TestBranchRules(t *testing.T) {
	for _, tc := range []struct {
		label, name, authority string
		want, not              []string
	}{
		{"cross-province branch", "山东绿环新能源科技有限公司普安分公司", "522323", nil,
			[]string{"province_region", "region_outside_authority", "no_region"}},
		{"cross-city branch", "北京星河科技有限公司平顶山分公司", "410400", nil, []string{"region_outside_authority", "province_region"}},
		{"branch part outside the authority", "平顶山市星河科技有限公司郑州分公司", "410400", []string{"region_outside_authority"}, nil},
		{"branch of a 中国 company", "中国银行股份有限公司湘潭市金桂支行", "430300", nil,
			[]string{"no_region", "restricted_prefix", "region_outside_authority", "restricted_word_in_trade_name"}},
		{"old county in the branch part", "中国邮政储蓄银行股份有限公司华亭县西华营业所", "620881", nil, []string{"region_renamed", "region_outside_authority"}},
		{"group parent", "上海星河集团有限公司平顶山分公司", "410400", nil, []string{"group_conditions", "province_region"}},
		{"bank branch", "中国农业银行平顶山分行", "410400", nil, []string{"no_org_form", "branch_without_parent", "region_outside_authority"}},
		{"branch word without a parent", "平顶山市星河支行", "410400", []string{"branch_without_parent"}, nil},
		{"shop of a cooperative", "潮州市湘桥区铁铺供销社松下书店", "445102", nil, []string{"no_org_form", "region_outside_authority"}},
		{"（中国） of a foreign-invested parent", "华润雪花啤酒(中国)有限公司福建分公司", "350000", nil, []string{"china_marker", "no_region"}},
		{"中国 parent, 字号 is the prefix", "中国石化销售有限公司江苏无锡安定加油站", "320200", nil, []string{"trade_name_is_industry", "no_region", "restricted_prefix"}},
	} {
		t.Run(tc.label, func(t *testing.T) {
			_, codes := check(t, tc.name, tc.authority)
			for _, w := range tc.want {
				if !slices.Contains(codes, w) {
					t.Errorf("%s at %s: findings %v lack %s", tc.name, tc.authority, codes, w)
				}
			}
			for _, w := range tc.not {
				if slices.Contains(codes, w) {
					t.Errorf("%s at %s: findings %v have %s", tc.name, tc.authority, codes, w)
				}
			}
		})
	}
}
