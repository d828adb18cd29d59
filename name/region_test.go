package name_test

import (
	"context"
	"slices"
	"testing"

	"namescope/name"
)

// Regions written as people write them: counties without 县/市, autonomous
// divisions in their short forms, districts after their cities, zones of a
// city (issue 10).
func TestParseRegionForms(t *testing.T) {
	for _, tc := range []struct {
		label, name, region, trade string
	}{
		{"county-level city without 市", "福清星河贸易有限公司", "福清", "星河"},
		{"county without 县", "宁乡优曼医疗器械有限公司", "宁乡", "优曼"},
		{"county without 县 before a 字号 of three", "宽甸汇宝商贸有限公司", "宽甸", "汇宝"},
		{"autonomous county in full", "彭水苗族土家族自治县星河旅游开发有限公司", "彭水苗族土家族自治县", "星河"},
		{"autonomous county short", "彭水星河旅游开发有限公司", "彭水", "星河"},
		{"autonomous county short + 县", "化隆县青禾养殖专业合作社", "化隆县", "青禾"},
		{"autonomous county short + 自治县", "印江自治县星河茶业有限公司", "印江自治县", "星河"},
		{"established abbreviation", "喀左县星河商贸有限公司", "喀左县", "星河"},
		{"autonomous prefecture short", "黔东南星河农业开发有限公司", "黔东南", "星河"},
		{"autonomous prefecture short + 州", "黔西南州星河商贸有限公司", "黔西南州", "星河"},
		{"county after its province", "广西隆林星河商贸有限公司", "广西隆林", "星河"},
		{"district after its city", "常州市武进洛阳永乐钣焊厂", "常州市武进", "*"},
		{"zone of a province-administered city", "石河子开发区星河科技有限公司", "石河子开发区", "星河"},
		{"zone joined to its city", "保定白沟新城大络塑料包装厂", "保定白沟新城", "大络"},
		{"former county named after its city", "长治县展达电子有限公司", "长治县", "展达"},
		{"current county named after its city", "南昌县星河科技有限公司", "南昌县", "星河"},
		{"free-trade zone joined to its province", "海南自贸区三汇利贸易有限公司", "海南自贸区", "三汇利"},
		{"former county-level city", "吴江市延丰纺织品有限公司", "吴江市", "延丰"},
		{"former county", "平安县星河商贸有限公司", "平安县", "星河"},
		{"homonym city short", "朝阳星河科技有限公司", "朝阳", "星河"},
		// Negative cases: the 字号 keeps what only looks like a region.
		{"county short that leaves no 字号", "宝丰酒业有限公司", "", "宝丰"},
		{"county short inside a city that leaves no 字号", "平顶山市宝丰酒业有限公司", "平顶山市", "宝丰"},
		{"city short that leaves one character", "长春藤科技有限公司", "", "长春藤"},
		{"homonym that leaves no 字号", "朝阳科技有限公司", "", "朝阳"},
		{"district short at the head", "中原唐起重工有限公司", "", "*"},
		{"county short before a bracketed region", "东方盈通（北京）电子商务有限公司", "北京", "东方盈通"},
		{"county short of another province after a city", "信阳东方广告有限公司", "信阳", "东方"},
		{"province then a word", "平顶山市河南科技有限公司", "平顶山市", "河南"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			p := name.Parse(tc.name)
			if p.Region != tc.region || (tc.trade != "*" && p.TradeName != tc.trade) {
				t.Errorf("Parse(%s): region %q 字号 %q, want %q %q", tc.name, p.Region, p.TradeName, tc.region, tc.trade)
			}
		})
	}
}

func check(t *testing.T, n, authority string) (string, []string) {
	t.Helper()
	res, err := (&name.Checker{}).Check(context.Background(), name.Request{Name: n, AuthorityCode: authority})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range res.Findings {
		codes = append(codes, f.Code)
		if f.Message == "" || f.Rule == "" {
			t.Errorf("%s: finding %s without message or rule", n, f.Code)
		}
	}
	return string(res.Verdict), codes
}

func TestRegionRules(t *testing.T) {
	for _, tc := range []struct {
		label, name, authority string
		want, not              []string
	}{
		{"short county in its own scope", "宝丰星河科技有限公司", "410421", nil, []string{"no_region", "region_outside_authority"}},
		{"short county of another city", "宝丰星河科技有限公司", "350100", []string{"no_region"}, []string{"region_outside_authority"}},
		{"full county of another city", "宝丰县星河科技有限公司", "350100", []string{"region_outside_authority"}, nil},
		{"homonym resolved by the authority", "朝阳星河科技有限公司", "211300", nil, []string{"no_region", "region_outside_authority", "province_region"}},
		{"district short is no region at the head", "朝阳星河科技有限公司", "110105", []string{"region_outside_authority"}, nil},
		{"autonomous prefecture", "黔东南星河农业开发有限公司", "522600", nil, []string{"no_region", "region_outside_authority"}},
		{"county after its province", "广西隆林星河商贸有限公司", "451031", nil, []string{"no_region", "province_region", "region_outside_authority"}},
		{"renamed county-level city", "吴江市延丰纺织品有限公司", "320509", []string{"region_renamed"}, []string{"city_district_alone", "region_outside_authority"}},
		{"renamed without suffix", "吴江延丰纺织品有限公司", "320509", []string{"region_renamed"}, []string{"city_district_alone"}},
		{"renamed county", "平安县星河商贸有限公司", "630203", []string{"region_renamed"}, []string{"city_district_alone"}},
		{"renamed city", "襄樊星河商贸有限公司", "420600", []string{"region_renamed"}, nil},
		{"county now a city, old suffix", "宁乡县星河商贸有限公司", "430182", []string{"region_renamed"}, nil},
		{"county now a city, no suffix", "宁乡星河商贸有限公司", "430182", nil, []string{"region_renamed"}},
		{"current name", "苏州市吴江区延丰纺织品有限公司", "320509", nil, []string{"region_renamed", "city_district_alone"}},
		{"district alone", "城子河区兴胜机械零部件加工厂", "230306", []string{"city_district_alone"}, []string{"region_renamed"}},
		{"district after its province, no city", "山东张店晶雪冷冻设备有限公司", "370303", []string{"city_district_alone"}, []string{"no_region", "region_renamed"}},
		{"district after its city", "淄博张店晶雪冷冻设备有限公司", "370303", nil, []string{"city_district_alone", "no_region"}},
		{"district of a municipality", "北京市通州永成陶瓷纤维制品有限公司", "110112", nil, []string{"city_district_alone", "no_region"}},
		{"county renamed under a new name", "任县宝众机械制造厂", "130505", []string{"region_renamed"}, []string{"no_region", "region_outside_authority"}},
		{"former county named after its city", "上饶县百川物流有限公司", "361100", []string{"region_renamed"}, []string{"no_region", "city_district_alone"}},
		{"free-trade zone of its province", "海南自贸区三汇利贸易有限公司", "460000", nil, []string{"no_region", "dev_zone_alone", "region_outside_authority"}},
		{"prefecture at its provincial authority", "伊犁团彦商贸有限公司", "650000", nil, []string{"no_region", "region_outside_authority"}},
		{"prefecture at another province", "伊犁团彦商贸有限公司", "410000", []string{"region_outside_authority"}, nil},
		{"中国 prefix is no industry 字号", "中国石油天然气股份有限公司", "110000", []string{"restricted_prefix", "no_region"}, []string{"trade_name_is_industry"}},
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
