package main

// Callgrind's client requests (callgrind.h): base 'C','T' << 16.
const (
	callgrindDumpStats            = 0x43540000
	callgrindZeroStats            = 0x43540001
	callgrindStartInstrumentation = 0x43540004
	callgrindStopInstrumentation  = 0x43540005
)

// callgrind asks callgrind for request; nothing outside valgrind.
func callgrind(request uintptr) {
	args := [6]uintptr{request}
	clientRequest(&args)
}
