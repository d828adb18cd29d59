package name

import (
	"strings"
	"unicode/utf8"

	"namescope/dict"
)

// branchRegions reads the divisions named at the head of a branch's
// qualifier (怀化, 习水县, 华亭县 — a former name there only locates the
// branch).
func branchRegions(qualifier string) []dict.RegionName {
	links, _ := headLinks(qualifier)
	return links
}

// parentFormEnds are the words that may end a parent's name before a branch
// part, in order of preference, with the characters that must not follow
// them (社区, 厂房 are words of their own).
var parentFormEnds = []struct {
	word    string
	notNext string
}{
	{"公司", ""},
	{"银行", "卡"},
	{"社", "区会保团交员"},
	{"厂", "区家房址商长矿"},
}

// splitBranch splits a branch's name into its parent (parsed), the
// qualifier and the branch word: 交通银行股份有限公司重庆朝天门支行 →
// 交通银行股份有限公司 + 重庆朝天门 + 支行 (Reg 734 Art 13: the parent's full
// name, then the branch's). The parent ends at its first form word (公司,
// else 银行, else 社 or 厂); a site word (门市部, 药店 …) after it makes a
// branch too, but alone it is an ordinary form.
func splitBranch(n string) (parent *Parts, qualifier, word string, ok bool) {
	word, _, ok = dict.BranchWordSuffix(n)
	if !ok {
		return nil, "", "", false
	}
	body := strings.TrimSuffix(n, word)
	for _, pf := range parentFormEnds {
		from := 0
		for {
			i := strings.Index(body[from:], pf.word)
			if i < 0 {
				break
			}
			end := from + i + len(pf.word)
			from = end
			if end == len(pf.word) {
				continue // nothing before the form
			}
			if next, _ := utf8.DecodeRuneInString(body[end:]); next != utf8.RuneError && strings.ContainsRune(pf.notNext, next) {
				continue
			}
			qualifier = body[end:]
			if utf8.RuneCountInString(qualifier+word) < 2 {
				return nil, "", "", false
			}
			par := Parse(body[:end])
			// A 厂 or 社 that leaves the parent a one-character 字号 is a
			// place's name (铁厂 of 麻栗坡县铁厂…加工厂), not a parent's form.
			if pf.word != "公司" && pf.word != "银行" && !par.RegulatorNamed && utf8.RuneCountInString(par.TradeName) < 2 {
				continue
			}
			if par.OrgForm == "" || par.TradeName+par.Industry == "" {
				return nil, "", "", false
			}
			return par, qualifier, word, true
		}
		if pf.word == "公司" && strings.Contains(body, "公司") {
			break
		}
	}
	return nil, "", "", false
}
