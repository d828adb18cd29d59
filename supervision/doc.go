// Package supervision is inclusive and prudent supervision (包容审慎监管,
// issue 13) on the shared store, writing its facts into the credit file:
//
//   - the catalogue of violation items with their legal basis, penalty
//     range and list memberships (首违不罚, 轻微不罚, 减轻, 从轻), embedded
//     (data/*.csv, provenance in data/SOURCES.md) and importable by admin
//     as audited versions that can be restored;
//   - new-economy designation, automatic from the enterprise's scope entry
//     codes and GB/T 4754-2017 industry through the authored table to the
//     9 top categories of 国家统计局《新产业新业态新商业模式统计分类（2018）》,
//     or manual (credit), with the small-and-micro flag and the grace
//     period (包容期) from the establishment date; the new-economy register
//     (svne/) is written in the transaction of every change that moves it;
//   - guidance measures (宣传引导 … 行政告诫) with deadlines and follow-up
//     visits, each a credit event;
//   - the recorded bases of directed checks and cases (a verified complaint
//     is a credit complaint event), checks, and cases with the discretion
//     recommendation (行政处罚法 Art 32–34, the list item, the grace period
//     and the red lines), decided with reasons and signed by a second,
//     different person (法制审核) before a penalty reaches the credit file.
//
// Every invariant is decided in the badger transaction that writes.
package supervision
