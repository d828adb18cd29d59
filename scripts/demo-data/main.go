// Command demo-data generates demo/names.csv, the embedded demo registry of
// `namescope serve --demo`: a few thousand plausible enterprise names of
// one city (-authority: the default authority of the default configuration)
// built from open-licence brand words (wainshine/Company-Names-Corpus,
// Apache-2.0) and the short names of listed companies (MIT), joined with the
// service's own region and industry lexicons.
//
//	go run ./scripts/demo-data [-data ../shared/data] [-n 3000] [-authority CODE] [-out demo/names.csv]
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"namescope/config"
	"namescope/dict"
	"namescope/name"
	"namescope/registry"
)

// fixtureTradeNames are the 字号 of the concrete test cases of
// domain-rules.md: demo names must stay clear of them so that the cases
// give the documented verdicts on a demo server.
var fixtureTradeNames = strings.Fields(`沃川智联 沃川 中华 星河 国家级 最佳 星和 星河湾 河星 蓝海 云帆 星耀 瑞丰 星辰
鑫 河南 法兰西 巴黎 联合国 八一 公安 阿弥陀佛 赌神 雷锋 教授 星河慈善 茅台 华为 国华 星海 星泉 王建国 金鼎`)

var industries = strings.Fields(`科技 网络科技 电子科技 商贸 贸易 餐饮管理 建筑工程 物流 文化传媒 农业开发 食品 服饰
酒店管理 房地产开发 物业管理 教育咨询 医药 机械设备 建材 环保科技 汽车销售 装饰工程 广告 家政服务 劳务 信息技术
生物科技 新能源 商务咨询 体育 旅游 印刷 化工 石油化工 煤业 钢铁 纺织 养殖 种植`)

type region struct{ name, code string }

// regionsOf are the city of code and its divisions as names write them:
// the city, its 市辖区 after the city's name, its counties and county-level
// cities alone.
func regionsOf(code string) ([]region, error) {
	city := dict.RegionByCode(code)
	if city == nil || city.Level != dict.City {
		return nil, fmt.Errorf("authority %s is not a city of the division data", code)
	}
	out := []region{{city.Name, city.Code}}
	for i := 1; i < 100; i++ {
		r := dict.RegionByCode(fmt.Sprintf("%s%02d", code[:4], i))
		switch {
		case r == nil || r.DevZone || r.CityCode != code:
		case r.CityDistrict:
			out = append(out, region{city.Name + r.Name, r.Code})
		default:
			out = append(out, region{r.Name, r.Code})
		}
	}
	return out, nil
}

func main() {
	data := flag.String("data", "../shared/data", "shared data directory")
	n := flag.Int("n", 3000, "number of names")
	out := flag.String("out", "demo/names.csv", "output file")
	authority := flag.String("authority", config.Default().DefaultAuthority().Code, "the city (six-digit code) the names are registered in")
	flag.Parse()
	regions, err := regionsOf(*authority)
	if err != nil {
		fail(err)
	}

	words := brandWords(filepath.Join(*data, "company_names", "Company-Shorter-Form_28W.txt"), 2)
	words = append(words, brandWords(filepath.Join(*data, "company_names", "listed_a_share_short_names.csv"), 0)...)
	sort.Strings(words)
	words = dedupe(words)
	rng := rand.New(rand.NewPCG(4104, 2026))
	rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })

	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"name", "uscc", "status", "industry_code", "authority_code"})
	used := map[string]bool{}
	count := 0
	for _, tn := range words {
		if count == *n {
			break
		}
		if used[tn] || !usable(tn) {
			continue
		}
		used[tn] = true
		ind := industries[rng.IntN(len(industries))]
		term, ok := dict.LookupIndustryTerm(ind)
		if !ok || term.Industry.IsZero() {
			fail(fmt.Errorf("industry term %s has no code", ind))
		}
		reg := regions[rng.IntN(len(regions))]
		full := reg.name + tn + ind + "有限公司"
		if p := name.Parse(full); p.TradeName != tn {
			continue // the parser reads it otherwise: not a clean demo name
		}
		body := fmt.Sprintf("91%s%s", reg.code, randomOrgCode(rng))
		uscc := body + string(registry.USCCCheckChar(body))
		w.Write([]string{full, uscc, "active", term.Industry.String(), reg.code})
		count++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fail(err)
	}
	f.Close()
	fmt.Fprintf(os.Stderr, "wrote %d names to %s\n", count, *out)
}

// brandWords reads one word per line (skipping skip header lines) or the
// name column of a CSV.
func brandWords(path string, skip int) []string {
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	var out []string
	if strings.HasSuffix(path, ".csv") {
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			fail(err)
		}
		for _, r := range rows[1:] {
			out = append(out, r[2])
		}
		return out
	}
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan(); i++ {
		if i >= skip {
			out = append(out, strings.TrimSpace(sc.Text()))
		}
	}
	return out
}

func dedupe(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// usable keeps 2–3 character words of standard characters that break no
// rule as a 字号 and stay clear of the test fixtures.
func usable(tn string) bool {
	rs := []rune(tn)
	if len(rs) < 2 || len(rs) > 3 {
		return false
	}
	for _, r := range rs {
		if !dict.IsStandardChar(r) {
			return false
		}
	}
	if dict.IsRegionName(tn) || dict.IsIndustryTerm(tn) || len(dict.MatchLexicon(tn, 0, len(rs))) > 0 {
		return false
	}
	for _, w := range []string{"中国", "中华", "中央", "全国", "国家", "国际"} {
		if strings.Contains(tn, w) {
			return false
		}
	}
	for _, f := range fixtureTradeNames {
		if f == tn || len(name.SimilarReasons(f, tn)) > 0 {
			return false
		}
	}
	return true
}

const orgChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func randomOrgCode(rng *rand.Rand) string {
	b := make([]byte, 9)
	for i := range b {
		b[i] = orgChars[rng.IntN(len(orgChars))]
	}
	return string(b)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "demo-data:", err)
	os.Exit(1)
}
