// Package supervision holds the data of inclusive and prudent supervision
// (包容审慎监管, issue 13): the catalogue of violation items with their
// legal basis, penalty range and list memberships (首违不罚, 轻微不罚,
// 减轻, 从轻), and the authored table from GB/T 4754-2017 codes and
// business-scope catalogue entries to the 9 top categories of 国家统计局
// 《新产业新业态新商业模式统计分类（2018）》.
//
// This file set only loads and validates the data (data/*.csv, embedded;
// provenance in data/SOURCES.md). The domain logic (grace periods, guidance
// measures, cases and recommendations) is built on top of it separately.
package supervision
