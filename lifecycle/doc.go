// Package lifecycle is what happens to a name after a check: reservation
// (保留, Reg 734 Art 18), registration, name change, cancellation (注销) and
// revocation (撤销) as ONE state machine per name; name disputes (企业名称
// 争议, Reg 734 Art 21–23) as a second state machine per case, with their
// deadlines in working days of an editable holiday calendar (which the
// credit module counts its deadlines on too); and the reading of the audit
// log.
//
// Every change writes its record, the enterprise record it implies in the
// registry (through registry.PutTx/DeleteTx), their audit entries and the
// index outbox entry in ONE badger transaction; the name index is brought up
// to date before the call returns. Time comes from an injectable clock; dates
// are calendar days in China time (UTC+8).
//
// Key layout (in addition to the store's own prefixes):
//
//	res/<id>                      name record (R…): one name through its lifecycle
//	rsn/<scope>/<normalized>      id of the live reservation of a name in a scope
//	rsu/<uscc>                    id of the enterprise's current name record
//	dsp/<id>                      dispute case (D…) with its timeline
//	dsf/<dispute id>/<no:04d>     evidence file of a case (bytes and metadata)
//	tok/<sha256 hex>              applicant/respondent token (hash only) → object
//	hol/<year>                    holiday calendar of a year replaced by staff
//
// The credit file: the lifecycle writes its credit events in the same
// transactions through package credit (credit.Service.RecordTx, ListTx,
// RemoveGroundTx): the similar-name commitment once a reserved name is
// registered, an order to change a name, and the listing in the abnormal
// operations list (经营异常名录, reason name_change) after an unheeded order,
// removed by the name change, cancellation or revocation. The listing is a
// credit listing (cab/); Abnormal reads it back in the shape of
// GET /enterprises/{uscc}/abnormal. The former abn/<uscc> entries and their
// "abnormal" outbox topic are retired (migrated at start-up, data format 3).
package lifecycle
