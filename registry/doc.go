// Package registry keeps the enterprises and names a bureau knows of
// (registered, reserved, cancelled, revoked): it validates and writes their
// records to the store together with an audit entry and an outbox entry,
// keeps the name index in step with the store, and answers the name
// checker's candidate queries (it implements name.Registry).
package registry
