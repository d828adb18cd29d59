// Package testdep holds the one rule for what tests need from outside the
// repository (a Chromium binary, the corpora of ../shared/data): under CI a
// missing dependency fails the test, so that a suite cannot pass by
// skipping; elsewhere the test skips with a message saying what is missing.
package testdep

import (
	"os"
	"strings"
	"testing"
)

// CI reports whether the tests run under continuous integration: the
// environment variable CI is set to anything but "", "0" or "false" (CI
// services set CI=true; .ci/run runs scripts/test with it).
func CI() bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv("CI"))) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// Require stops the test when err says that what it needs is missing: it
// fails the test under CI and skips it otherwise. A nil err does nothing.
func Require(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if CI() {
		t.Fatalf("%s is missing: %v (CI is set, so a missing test dependency is a failure, not a skip; scripts/install-test-deps installs what the tests need)", what, err)
	}
	t.Skipf("%s is missing: %v (skipped; with CI set this is a failure)", what, err)
}
