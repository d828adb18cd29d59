package lifecycle

import "fmt"

// Key prefixes of the lifecycle records (see the package documentation).
const (
	prefixName       = "res/"
	prefixNameLock   = "rsn/"
	prefixUSCC       = "rsu/"
	prefixDispute    = "dsp/"
	prefixEvidence   = "dsf/"
	prefixToken      = "tok/"
	prefixHolidays   = "hol/"
	prefixAbnormal   = "abn/"
	abnormalOutbox   = "abnormal"
	sequenceName     = "lifecycle-name"
	sequenceDispute  = "lifecycle-dispute"
	auditObjectName  = "name/"
	auditObjectCase  = "dispute/"
	auditObjectHol   = "holidays/"
	auditObjectAbn   = "abnormal/"
	auditObjectToken = "token/"
)

func nameKey(id string) string                    { return prefixName + id }
func nameLockKey(scope, normalized string) string { return prefixNameLock + scope + "/" + normalized }
func usccKey(uscc string) string                  { return prefixUSCC + uscc }
func disputeKey(id string) string                 { return prefixDispute + id }
func evidenceKey(id string, no int) string        { return fmt.Sprintf("%s%s/%04d", prefixEvidence, id, no) }
func tokenKey(hash string) string                 { return prefixToken + hash }
func holidaysKey(year int) string                 { return fmt.Sprintf("%s%04d", prefixHolidays, year) }
func abnormalKey(uscc string) string              { return prefixAbnormal + uscc }
