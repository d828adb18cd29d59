#include "textflag.h"

// func clientRequest(args *[6]uintptr) uintptr
//
// Valgrind's client request on amd64 (valgrind.h, VALGRIND_DO_CLIENT_REQUEST):
// RAX points at {request, arg1..arg5}, RDX holds the default result, and the
// "special instruction preamble" below rotates RDI by 128 bits in all (a
// no-op) and exchanges RBX with itself, which valgrind recognises. Outside
// valgrind nothing happens and the default result (0) is returned.
TEXT ·clientRequest(SB), NOSPLIT, $0-16
	MOVQ args+0(FP), AX
	MOVQ $0, DX
	ROLQ $3, DI
	ROLQ $13, DI
	ROLQ $61, DI
	ROLQ $51, DI
	XCHGQ BX, BX
	MOVQ DX, ret+8(FP)
	RET
