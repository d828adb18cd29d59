// Package index holds the bleve indexes that supply candidates to the domain
// packages: the enterprise-name index (字号 keys for identical and similar
// names) and the business-scope catalogue index. Indexes are derived data:
// badger is the source of truth, every index records the version of its
// mapping, and an index whose version differs is rebuilt from the store. The
// index never decides a verdict; it only returns candidate identifiers.
package index
