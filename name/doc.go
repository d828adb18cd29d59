// Package name is the enterprise-name domain: it parses a proposed name into
// 行政区划 + 字号 + 行业 + 组织形式, applies the static rules of 企业名称登记
// 管理规定 (国务院令第734号) and the 2017 禁限用规则 with their citations,
// compares the name with the registry (identical names block, similar names
// warn) and folds every finding into one verdict. It knows nothing of HTTP,
// bleve or badger: existing names come through the Registry interface.
package name
