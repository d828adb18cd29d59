// Package name is the enterprise-name domain: it parses a proposed name into
// 行政区划 + 字号 + 行业 + 组织形式, applies the static rules of 企业名称登记
// 管理规定 (国务院令第734号) and the 2017 禁限用规则 with their citations,
// compares the name with the registry (identical names block, similar names
// warn) and folds every finding into one verdict. It knows nothing of HTTP,
// bleve or badger: existing names come through the Registry interface.
//
// The parser is Parse (parse.go) and its three readers: the region at the
// head, in brackets or unbracketed (parse_region.go); the boundary between
// 字号 and industry expression (parse_industry.go); a branch's parent and
// qualifier (parse_branch.go). The rules are in rules.go, the comparison
// with the registry in compare.go, disguised lexicon words in disguise.go,
// the verdict in check.go. How the parser is measured on real names:
// scripts/name-eval and name/testdata/eval (GUIDE.md, FROZEN.md).
package name
