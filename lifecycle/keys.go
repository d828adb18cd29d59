package lifecycle

import (
	"fmt"

	"namescope/store"
)

// Key prefixes of the lifecycle records: the layout is listed in store/keys.go.
const (
	prefixName       = store.PrefixName
	prefixNameLock   = store.PrefixNameLock
	prefixUSCC       = store.PrefixNameUSCC
	prefixDispute    = store.PrefixDispute
	prefixEvidence   = store.PrefixEvidence
	prefixToken      = store.PrefixToken
	prefixHolidays   = store.PrefixHolidays
	sequenceName     = "lifecycle-name"
	sequenceDispute  = "lifecycle-dispute"
	auditObjectName  = "name/"
	auditObjectCase  = "dispute/"
	auditObjectHol   = "holidays/"
	auditObjectToken = "token/"
)

func nameKey(id string) string                    { return prefixName + id }
func nameLockKey(scope, normalized string) string { return prefixNameLock + scope + "/" + normalized }
func usccKey(uscc string) string                  { return prefixUSCC + uscc }
func disputeKey(id string) string                 { return prefixDispute + id }
func evidenceKey(id string, no int) string        { return fmt.Sprintf("%s%s/%04d", prefixEvidence, id, no) }
func tokenKey(hash string) string                 { return prefixToken + hash }
func holidaysKey(year int) string                 { return fmt.Sprintf("%s%04d", prefixHolidays, year) }
