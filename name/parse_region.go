package name

import (
	"strings"
	"unicode/utf8"

	"namescope/dict"
)

// isRegionName reports whether s is written exactly as some division
// (current or former) is.
func isRegionName(s string) bool {
	for _, rn := range dict.RegionNamesAt(s) {
		if rn.Text == s {
			return true
		}
	}
	return false
}

// placeOnly reports whether s names only a place, a division or a town
// (营城子镇, 济阳): what would be left of a 字号 that is no 字号, so the word
// before the industry is the 字号's own.
func placeOnly(s string) bool {
	if regionChain(s) != nil {
		return true
	}
	for _, suf := range []string{"镇", "乡", "村", "街道"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// unbracketedRegion finds a division written, without brackets, after at
// least two characters of body and followed by nothing or by an industry
// expression only: 沁辰金赤健康管理 + 重庆, 国投厦港 + 海南 + 拖轮. Only full
// names and the short names of provinces and cities count: a county written
// short is too often a 字号's own word.
func unbracketedRegion(body string) (before, text, rest string, regs []*dict.Region, ok bool) {
	for i := range body {
		if utf8.RuneCountInString(body[:i]) < 2 {
			continue
		}
		for _, rn := range dict.RegionNamesAt(body[i:]) {
			if rn.Form != dict.FormFull && (rn.Form != dict.FormShort || rn.Region.Level == dict.County) {
				continue
			}
			after := body[i+len(rn.Text):]
			if after != "" && !industryOnly(after) {
				continue
			}
			return body[:i], rn.Text, after, []*dict.Region{rn.Region}, true
		}
	}
	return "", "", "", nil, false
}

// regionChain resolves s as a whole to a chain of divisions (province, city,
// county), each inside the previous one; nil if s is not such a chain.
func regionChain(s string) []*dict.Region {
	links, generic := headLinks(s)
	head := ""
	var regs []*dict.Region
	for _, l := range links {
		head += l.Text
		regs = append(regs, l.Region)
	}
	if head != s || generic != "" {
		return nil
	}
	return regs
}

// bracketRegionChain reads a bracketed region: a chain of divisions, or
// one followed by a development-zone word (（浙江自贸区）, （郑州高新区）),
// returned as zone.
func bracketRegionChain(s string) (regs []*dict.Region, zone string) {
	if regs = regionChain(s); regs != nil {
		return regs, ""
	}
	links, generic := headLinks(s)
	if len(links) == 0 || generic == "" {
		return nil, ""
	}
	head := ""
	for _, l := range links {
		head += l.Text
		regs = append(regs, l.Region)
	}
	if head+generic != s {
		return nil, ""
	}
	return regs, generic
}

// headRegionFor finds the region at the head of body and splits what
// follows it into 字号 and industry expression. A chain whose last division
// is not written in full (宝丰, 郑州, 常州市武进) is shortened while it
// leaves less than a two-character 字号: the short name was part of the 字号
// (长春藤, 宝丰酒业). When the name also has a bracketed region
// (东方盈通（北京）), a county, district or former name at the head is read as
// part of the 字号.
func headRegionFor(body string, bracketed bool) (head string, names []dict.RegionName, generic, trade string, terms []dict.IndustryTerm) {
	links, gen := headLinks(body)
	gen = shortZone(body, links, gen)
	if len(links) == 0 && gen != "" {
		trade, terms = splitIndustry(body[len(gen):])
		return gen, nil, gen, trade, terms
	}
	if bracketed && len(links) > 0 {
		switch links[0].Form {
		case dict.FormCountyShort, dict.FormDistrictShort, dict.FormFormer, dict.FormShort:
			return "", nil, "", "", nil
		}
	}
	for k := len(links); k > 0; k-- {
		h := ""
		for _, l := range links[:k] {
			h += l.Text
		}
		g := ""
		if k == len(links) {
			g = gen
		}
		tr, ts := splitIndustry(body[len(h)+len(g):])
		// A short form followed by too little for a 字号, or by an industry
		// word only, is read as the 字号 (宝丰 + 酒业, 东方 + 电气) — except a
		// province or city written short without another meaning, the
		// region of a name with nothing distinctive left (重庆 + 木材, §3.5
		// of the evaluation guide).
		if l := links[k-1]; !writtenInFull(l) && g == "" &&
			(len([]rune(tr)) < 2 || dict.IsIndustryTerm(tr) && (l.Form != dict.FormShort || dict.HasOtherMeaning(l.Text))) {
			continue
		}
		return h + g, links[:k], g, tr, ts
	}
	return "", nil, "", "", nil
}

// writtenInFull reports whether a division is written with its level
// suffix: its current full name, or a former one (孟津县, now 孟津区), which
// is no part of a 字号 either.
func writtenInFull(l dict.RegionName) bool {
	if l.Form == dict.FormFull {
		return true
	}
	if l.Form != dict.FormFormer {
		return false
	}
	for _, suf := range []string{"县", "市", "区", "旗"} {
		if strings.HasSuffix(l.Text, suf) {
			return true
		}
	}
	return false
}

// shortZone reads 高新 right after a city (安康高新, 洛阳高新 + 合盛) as the
// city's high-tech zone, written short, when a 字号 of two characters or
// more follows it; before an industry word alone (自贡市 + 高新 + 机械制造)
// it is the 字号.
func shortZone(body string, links []dict.RegionName, gen string) string {
	const short = "高新"
	if gen != "" || len(links) == 0 || links[len(links)-1].Region.Level != dict.City {
		return gen
	}
	head := ""
	for _, l := range links {
		head += l.Text
	}
	rest, ok := strings.CutPrefix(body[len(head):], short)
	if !ok || strings.HasPrefix(rest, "技术") {
		return gen
	}
	tr, _ := splitIndustry(rest)
	if utf8.RuneCountInString(tr) < 2 || dict.IsIndustryTerm(tr) || dict.IsIndustryWord(tr) {
		return gen
	}
	return short
}

// headLinks finds the longest chain of division names at the head of s,
// each inside the previous one: 河南省郑州市金水区, 郑州市, 广西隆林,
// 常州市武进, 宝丰, 吴江市 (a former name), followed by an optional generic
// development-zone word (郑州高新区, 石河子开发区). A district written
// without 区 is read only after its city.
func headLinks(s string) (links []dict.RegionName, generic string) {
	rest := s
	var parent *dict.Region
	for {
		zone := dict.DevZoneWordAt(rest)
		var found *dict.RegionName
		for _, cand := range dict.RegionNamesAt(rest) {
			if len(cand.Text) <= len(zone) {
				break
			}
			r := cand.Region
			// A district without 区 only after its city (or municipality),
			// or after its province when no other division is so written
			// and the name has no other meaning (山东张店, 辽宁大洼).
			if cand.Form == dict.FormDistrictShort && !districtShortAfter(cand.Text, r, parent) {
				continue
			}
			if parent != nil && !inside(r, parent) {
				continue
			}
			found = &cand
			break
		}
		if found == nil {
			if zone != "" && (parent == nil || parent.Level != dict.County) {
				generic = zone
			}
			return links, generic
		}
		links = append(links, *found)
		parent = found.Region
		rest = rest[len(found.Text):]
		if parent.Level == dict.County {
			// A zone of a county or county-level city: 石河子开发区,
			// 宝丰县产业集聚区.
			return links, dict.DevZoneWordAt(rest)
		}
	}
}

// districtShortAfter reports whether a district written without 区 (text)
// is its region after parent: after its city or municipality always, after
// its province when the short name is the only reading of text and no
// ordinary word.
func districtShortAfter(text string, r, parent *dict.Region) bool {
	switch {
	case parent == nil:
		return false
	case parent.Level == dict.City || r.CityCode == parent.Code:
		return true
	case parent.Level != dict.Province:
		return false
	}
	if len(dict.RegionFormsOf(text)) != 1 || dict.HasOtherMeaning(text) {
		return false
	}
	return true
}

// inside reports whether r lies within parent (a lower level, same branch).
func inside(r, parent *dict.Region) bool {
	if r.Level <= parent.Level {
		return false
	}
	switch parent.Level {
	case dict.Province:
		return r.ProvinceCode == parent.Code
	case dict.City:
		return r.CityCode == parent.Code || strings.HasPrefix(r.Code, parent.Code[:4])
	}
	return false
}
