// Package credit is the enterprise credit file (信用档案) and the lists
// built on it: one append-only record of credit events per enterprise
// (USCC), penalties and their publication periods, the abnormal
// operations list (经营异常名录) with guidance first, the new-economy
// designation, annual-report filings and guidance notices. It knows
// nothing of HTTP.
//
// # Written in the writer's transaction
//
// Every fact that causes a credit event is written by its own module in
// its own badger transaction; the event is appended in that same
// transaction, so that the fact and its event commit together or not at
// all. The writers call credit, never the reverse:
//
//   - lifecycle imports credit and calls Service.ListTx, RemoveGroundTx
//     and RecordTx (the listing after an unheeded order to change a name,
//     its removal, the order itself, the similar-name commitment once the
//     reserved name is registered);
//   - registry does not import credit: its one write path calls the small
//     interface registry.CreditHook, which internal/app implements with
//     Service.RecordRegistryTx (registration, change, cancellation,
//     revocation). Credit reads enterprise facts through its own
//     Enterprises interface, implemented over the registry in internal/app.
//
// The supervision module writes the kinds KindGuidance, KindInspection and
// KindComplaint through RecordTx, and penalties through RecordPenaltyTx; it
// keeps its new-economy register in the transaction of every manual
// designation through the hook it installs with OnDesignationTx.
//
// # Supersession
//
// Events are never changed or deleted. A correction (行政处罚信息公示规定
// Art 12) or a withdrawal (Art 11) is a new event naming the event it
// supersedes; the superseded event leaves public view, staff still see it
// with the id of the event that superseded it.
//
// # Publication
//
// Each event says whether it is published and, where the publication
// ends, its last day (public_until): an event leaves public view by itself
// on the next day, computed from the clock at read time, no cron needed.
// Penalty periods follow Art 13: simple-procedure and warning-only
// penalties are not published; 通报批评 or a 较低数额罚款 (threshold from
// config.Credit) for LowPenaltyPublicationMonths; others for
// PenaltyPublicationYears, or the length of a longer restriction.
//
// # Keys (store/keys.go)
//
//	cev/<uscc>/<seq:016x>        credit event
//	cei/<event id>               event id → its key
//	cpn/<sha256 hex>             penalty by authority + decision number → event id (idempotency)
//	cab/<id>                     abnormal-list listing
//	cabu/<uscc>/<id>             the listings of an enterprise (empty value)
//	cgd/<uscc>/<id>              guidance notice
//	csv/<uscc>                   supervision designation (new economy)
//	car/<uscc>/<year>            annual-report filing
//	cob/<id>                     objection to an abnormal-list listing
//	csn/<id>                     prior notice of a serious-list listing (告知书)
//	csl/<id>                     serious-violation list entry
//	crp/<id>                     credit-repair application
//	crf/<id>/<no>                evidence file of a repair application
//	cdo/<id>                     numbered document (决定书、告知书)
//	cdn/<prefix>/<kind>/<year>   last number of a kind's documents in a year (read and written in the decision's transaction)
//	crl/<id>                     red-list (守信激励名单) proposal and entry, with its objections
//
// The legacy abn/<uscc> entries of the lifecycle package are migrated to
// cab/ listings at start-up (MigrateLegacyAbnormal, data format 3).
package credit
