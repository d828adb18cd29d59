// Package e2e holds the end-to-end tests of the pages: each test starts the
// real application (badger and bleve in a temporary directory, the registry
// fixture of the concrete cases) on a loopback port, drives headless
// Chromium through the Chrome DevTools Protocol with chromedp, and saves
// the README's screenshots to docs/screenshots.
//
// The tests skip when no Chromium binary is found (scripts/install-test-deps
// installs Debian's chromium); NAMESCOPE_CHROMIUM names another binary.
// Screenshots go to docs/screenshots unless NAMESCOPE_SCREENSHOTS names
// another directory or is "off".
package e2e
