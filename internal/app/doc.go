// Package app is namescope wired together: the badger store, the name and
// trademark indexes beside it, the registry, the name checker, the
// lifecycle service, API keys and the business-scope service. The binary
// opens it for every command (`serve` with the slow parts in the
// background, reported per component for /readyz) and the tests open the
// same thing through internal/testenv.
//
// Data directory layout: DIR/store (badger), DIR/index/names and
// DIR/index/marks (bleve). The indexes are derived data: missing,
// unreadable or of another mapping version, they are rebuilt from the
// store; a rebuild that did not finish (crash, shutdown) is started again
// from scratch at the next open.
package app
