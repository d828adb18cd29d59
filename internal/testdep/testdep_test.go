package testdep

import (
	"errors"
	"runtime"
	"testing"
)

// recorder is a testing.TB that records how Require stopped the test.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	runtime.Goexit()
}

func (r *recorder) Skipf(string, ...any) {
	r.skipped = true
	runtime.Goexit()
}

// run calls Require in a goroutine of its own, as the testing package runs
// a test, so that Goexit stops only that call.
func run(err error) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Require(r, "the thing", err)
	}()
	<-done
	return r
}

func TestRequire(t *testing.T) {
	missing := errors.New("not found")
	cases := []struct {
		ci            string
		err           error
		fail, skipped bool
	}{
		{"true", missing, true, false},
		{"1", missing, true, false},
		{"", missing, false, true},
		{"false", missing, false, true},
		{"0", missing, false, true},
		{"true", nil, false, false},
		{"", nil, false, false},
	}
	for _, c := range cases {
		t.Setenv("CI", c.ci)
		r := run(c.err)
		if r.failed != c.fail || r.skipped != c.skipped {
			t.Errorf("CI=%q err=%v: failed %v skipped %v, want %v %v", c.ci, c.err, r.failed, r.skipped, c.fail, c.skipped)
		}
	}
}
