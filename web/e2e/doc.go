// Package e2e holds the end-to-end tests of the pages: each test starts the
// real application (badger and bleve in a temporary directory, the registry
// fixture of the concrete cases) on a loopback port, drives headless
// Chromium through the Chrome DevTools Protocol with chromedp, and captures
// the README's screenshots.
//
// Without a Chromium binary (scripts/install-test-deps installs Debian's
// chromium; NAMESCOPE_CHROMIUM names another binary) the tests fail when
// the environment variable CI is set and skip otherwise.
//
// Screenshots go to a temporary directory unless the tests are asked to
// update the README's: go test ./web/e2e -update-screenshots writes them to
// docs/screenshots. NAMESCOPE_SCREENSHOTS names another directory or is
// "off".
package e2e
