// Package scope is the business-scope (经营范围) domain: the normalized
// catalogue of scope entries with their kinds, GB/T 4754-2017 industries,
// licences and departments; search over it with a colloquial vocabulary;
// Compose, which assembles the registered scope text exactly as the
// registration rules do and reports the licences to obtain, the reservation
// period and the consistency with the name's industry; Normalize, which maps
// legacy free-text scope to catalogue entries; and the 双告知 notices pushed to
// approving and supervising departments. It is plain Go without HTTP;
// persistence comes in through the CatalogueStore and NoticeStore interfaces,
// retrieval through package index.
package scope
