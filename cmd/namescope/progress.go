package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Long work reads a file: when stderr is a terminal, a progress bar with
// the rate and the time left follows the bytes read; otherwise (a pipe, a
// log, cron) nothing is drawn and the command's one-line summary says what
// it did.

// stderrIsTerminal is whether progress bars are drawn (a variable for tests).
var stderrIsTerminal = func() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

// progressReader wraps r, of size bytes (-1 when unknown: a spinner with
// the rate), with a progress bar described by desc. done finishes the bar.
func progressReader(r io.Reader, size int64, desc string) (io.Reader, func()) {
	if !stderrIsTerminal() {
		return r, func() {}
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { os.Stderr.WriteString("\n") }),
	)
	pr := progressbar.NewReader(r, bar)
	return &pr, func() { _ = bar.Finish() }
}

// fileProgress is progressReader for an open file, sized by Stat.
func fileProgress(f *os.File, desc string) (io.Reader, func()) {
	size := int64(-1)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	return progressReader(f, size, desc)
}

// progressObserver draws the progress of work counted in items (names
// written to the index) when stderr is a terminal: observe takes the count
// done and the total, done finishes the bar. Otherwise both do nothing.
func progressObserver(desc string) (observe func(done, total int64), done func()) {
	if !stderrIsTerminal() {
		return func(int64, int64) {}, func() {}
	}
	var bar *progressbar.ProgressBar
	observe = func(n, total int64) {
		if bar == nil {
			if total <= 0 {
				return
			}
			bar = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(os.Stderr),
				progressbar.OptionSetDescription(desc),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("names"),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionShowElapsedTimeOnFinish(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetWidth(30),
				progressbar.OptionOnCompletion(func() { os.Stderr.WriteString("\n") }),
			)
		}
		_ = bar.Set64(n)
	}
	return observe, func() {
		if bar != nil {
			_ = bar.Finish()
		}
	}
}
