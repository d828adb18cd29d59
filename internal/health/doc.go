// Package health describes whether the parts of a running namescope answer:
// the store, the name and trademark indexes, the business-scope catalogue
// and, with --demo, the demo registry. internal/app reports them; the HTTP
// layer shows the report at /readyz and answers 503 for the routes whose
// parts are still loading.
package health
