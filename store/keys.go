package store

import (
	"fmt"
	"time"
)

// The key layout: every key of the store starts with one of these prefixes,
// followed by an id. All of them are listed here, whichever package writes
// them, so that a new one cannot silently overlap another (keys_test.go).
const (
	PrefixEnterprise = "ent/"  // ent/<id>: enterprise record (registry)
	PrefixCandidate  = "cand/" // cand/<id>: the fields of an enterprise a name check needs (derived from ent/)
	PrefixTradeName  = "tn/"   // tn/<scope>/<字号>/<id>: the enterprises filed under a 字号 (derived from ent/)
	PrefixTradeGuard = "tg/"   // tg/<scope>/<字号>: written by every write of that 字号, read by every grant
	PrefixTrademark  = "tm/"   // tm/<reg no>: trademark
	PrefixOutbox     = "out/"  // out/<topic>/<seq:016x>: an id an index (or consumer) must apply
	PrefixAPIKey     = "key/"  // key/<sha256 hex>: API key (hashed token)
	PrefixAudit      = "aud/"  // aud/<seq:016x>: audit entry
	PrefixAuditByObj = "ao/"   // ao/<object>/<seq:016x>: audit entries by object (empty value)
	PrefixMeta       = "meta/" // meta/<name>: small settings and markers
	PrefixSeq        = "seq/"  // seq/<name>: badger sequence leases
	PrefixIdempotent = "idem/" // idem/<op>/<sha256 hex>: the result of a request made with an Idempotency-Key
	PrefixReport     = "frp/"  // frp/<seq:016x>: a finding an applicant reported as wrong (feedback)
	PrefixLexicon    = "lex/"  // lex/<normalized word>: a lexicon word staff added at run time

	// The lifecycle package.
	PrefixName     = "res/" // res/<id>: name record through its lifecycle
	PrefixNameLock = "rsn/" // rsn/<scope>/<normalized>: the name record holding a name
	PrefixNameUSCC = "rsu/" // rsu/<uscc>: an enterprise's current name record
	PrefixDispute  = "dsp/" // dsp/<id>: dispute case
	PrefixEvidence = "dsf/" // dsf/<id>/<no>: evidence file of a case
	PrefixToken    = "tok/" // tok/<sha256 hex>: party token (hashed)
	PrefixHolidays = "hol/" // hol/<year>: holiday calendar replaced by staff
	PrefixAbnormal = "abn/" // abn/<uscc>: abnormal-list entry of data format 2 (read only by the migration to cab/)

	// The credit package (credit/doc.go).
	PrefixCreditEvent         = "cev/"  // cev/<uscc>/<seq:016x>: credit event
	PrefixCreditEventID       = "cei/"  // cei/<event id>: the key of the event
	PrefixCreditPenalty       = "cpn/"  // cpn/<sha256 hex of authority + decision no>: penalty → event id
	PrefixCreditListing       = "cab/"  // cab/<id>: abnormal-list listing
	PrefixCreditListingUSCC   = "cabu/" // cabu/<uscc>/<id>: the listings of an enterprise (empty value)
	PrefixCreditGuidance      = "cgd/"  // cgd/<uscc>/<id>: guidance notice
	PrefixCreditDesignation   = "csv/"  // csv/<uscc>: new-economy designation
	PrefixCreditAnnual        = "car/"  // car/<uscc>/<year>: annual-report filing
	PrefixCreditObjection     = "cob/"  // cob/<id>: objection to an abnormal-list listing
	PrefixCreditSerious       = "csl/"  // csl/<id>: serious-violation list entry
	PrefixCreditSeriousNotice = "csn/"  // csn/<id>: prior notice of a serious listing
	PrefixCreditRepair        = "crp/"  // crp/<id>: credit-repair application
	PrefixCreditRepairFile    = "crf/"  // crf/<id>/<no>: evidence file of a repair application
	PrefixCreditDocument      = "cdo/"  // cdo/<id>: numbered credit document (决定书、告知书)
	PrefixCreditDocCounter    = "cdn/"  // cdn/<prefix>/<kind>/<year>: last number of a kind's documents in a year
	PrefixCreditRed           = "crl/"  // crl/<id>: red-list (守信激励名单) proposal and entry

	// The scope package.
	PrefixCatalogue = "cat/"   // cat/<version>: business-scope catalogue version
	PrefixNotice    = "ntc/"   // ntc/<dept>/<seq>: 双告知 notice
	PrefixNoticeID  = "ntcid/" // ntcid/<id>: notice id → its key

	// The supervision package (supervision/doc.go).
	PrefixSupScope       = "svsc/" // svsc/<uscc>: the business-scope entry codes of an enterprise
	PrefixSupMeasure     = "svgm/" // svgm/<id>: guidance measure during the grace period
	PrefixSupMeasureUSCC = "svgu/" // svgu/<uscc>/<id>: the guidance measures of an enterprise (empty value)
	PrefixSupBasis       = "svbs/" // svbs/<id>: recorded basis of a directed check or case (complaint, clue …)
	PrefixSupBasisUSCC   = "svbu/" // svbu/<uscc>/<id>: the bases of an enterprise (empty value)
	PrefixSupCheck       = "svck/" // svck/<id>: check (directed or random) of an enterprise
	PrefixSupCheckUSCC   = "svku/" // svku/<uscc>/<id>: the checks of an enterprise (empty value)
	PrefixSupCase        = "svcs/" // svcs/<id>: case with its recommendation and decision
	PrefixSupCaseUSCC    = "svcu/" // svcu/<uscc>/<id>: the cases of an enterprise (empty value)
	PrefixSupCatalogue   = "svvc/" // svvc/<version:08d>: imported violation catalogue version (CSV and who imported it)
	// svne/<uscc>: the new-economy register, one row per enterprise designated new-economy (automatically or by
	// hand), derived from ent/, svsc/ and csv/ and written in the transaction of every write of them.
	PrefixSupNewEconomy = "svne/"
)

// Prefixes lists every prefix of the key layout.
var Prefixes = []string{
	PrefixEnterprise, PrefixCandidate, PrefixTradeName, PrefixTradeGuard, PrefixTrademark, PrefixOutbox,
	PrefixAPIKey, PrefixAudit, PrefixAuditByObj, PrefixMeta, PrefixSeq, PrefixIdempotent, PrefixReport, PrefixLexicon,
	PrefixName, PrefixNameLock, PrefixNameUSCC, PrefixDispute, PrefixEvidence, PrefixToken,
	PrefixHolidays, PrefixAbnormal, PrefixCatalogue, PrefixNotice, PrefixNoticeID,
	PrefixCreditEvent, PrefixCreditEventID, PrefixCreditPenalty, PrefixCreditListing, PrefixCreditListingUSCC,
	PrefixCreditGuidance, PrefixCreditDesignation, PrefixCreditAnnual, PrefixCreditObjection,
	PrefixCreditSerious, PrefixCreditSeriousNotice, PrefixCreditRepair, PrefixCreditRepairFile,
	PrefixCreditDocument, PrefixCreditDocCounter, PrefixCreditRed,
	PrefixSupScope, PrefixSupMeasure, PrefixSupMeasureUSCC, PrefixSupBasis, PrefixSupCheck, PrefixSupCase, PrefixSupCaseUSCC,
	PrefixSupCatalogue, PrefixSupBasisUSCC, PrefixSupCheckUSCC, PrefixSupNewEconomy,
}

// AuditKey is the key of the audit entry with sequence seq.
func AuditKey(seq uint64) string { return fmt.Sprintf("%s%016x", PrefixAudit, seq) }

// EnterpriseKey is the key of an enterprise record.
func EnterpriseKey(id string) string { return PrefixEnterprise + id }

// CandidateKey is the key of an enterprise's compact comparison record.
func CandidateKey(id string) string { return PrefixCandidate + id }

// TradeNamePrefix is the prefix under which the enterprises of a scope
// filed under one normalized 字号 are listed.
func TradeNamePrefix(scope, tradeName string) string {
	return PrefixTradeName + scope + "/" + tradeName + "/"
}

// TradeNameKey lists enterprise id under its scope and 字号.
func TradeNameKey(scope, tradeName, id string) string { return TradeNamePrefix(scope, tradeName) + id }

// TradeGuardKey is the guard of a scope and 字号: every write of an
// enterprise filed under it writes the guard, and every grant of a name
// reads it, so that two grants of the same 字号 cannot both commit on what
// each read before the other wrote (badger detects the conflict on the
// guard, which a scan of keys that do not exist yet could not).
func TradeGuardKey(scope, tradeName string) string { return PrefixTradeGuard + scope + "/" + tradeName }

// TrademarkKey is the key of a trademark by its registration number.
func TrademarkKey(regNo string) string { return PrefixTrademark + regNo }

// APIKeyKey is the key of an API key record by its token hash.
func APIKeyKey(hash string) string { return PrefixAPIKey + hash }

// MetaKey is the key of a setting.
func MetaKey(name string) string { return PrefixMeta + name }

// AuditEntry is the one shape of the audit log: who did what to which
// object, when, with the object before and after.
//
// Actor keeps its format ("role:keyID" for API keys, "cli", "system:…",
// a party's token actor …), so that old entries and filters on it stay
// valid. Holder and Dept name the person who holds the actor's key and
// their department, for keys that name them (see Person); entries written
// before keys named holders, and those of keys without one, have neither.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Holder string    `json:"holder,omitempty"`
	Dept   string    `json:"dept,omitempty"`
	Action string    `json:"action"`
	Object string    `json:"object"`
	Before any       `json:"before,omitempty"`
	After  any       `json:"after,omitempty"`
	Note   string    `json:"note,omitempty"`
	Count  int       `json:"count,omitempty"`
}
