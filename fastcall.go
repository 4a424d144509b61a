//go:build !race && !go1.27

package zmq

import (
	"os"
	"unsafe"
)

// A cgo call costs about 45 ns here, and most of it is not the call: the
// runtime's syscall bookkeeping (entersyscall, exitsyscall) runs a locked
// compare-and-swap on the goroutine's status on the way in and another on
// the way out, so that the scheduler can give the P away if C blocks. The
// calls a stream makes per message never block (libzmq is asked with
// ZMQ_DONTWAIT; Go waits in its netpoller) and do bounded work (fastMax),
// so they need none of it, as syscall.RawSyscall skips it for system
// calls that cannot block. fastCall switches to the thread's system stack
// and calls the C function directly, through the runtime's own
// asmcgocall, the step cgo's wrapper takes after the bookkeeping: about
// 8 ns.
//
// While the C function runs, the goroutine keeps its P and cannot be
// preempted or have its stack scanned, so a garbage collection waits for
// it: that is why only short, non-blocking calls come here. A signal that
// arrives meanwhile is handled as in any other C code. Under the race
// detector (which learns of cgo calls from cgocall) and on Go releases
// after the one this was checked on (the runtime does not promise
// asmcgocall to other packages), this file is left out and every call
// goes through cgo. ZMQGO_FASTCALL=0 in the environment does the same at
// run time.

// fastEntry tells zmq_cgo.go's wrappers to use fastCall.
var fastEntry = os.Getenv("ZMQGO_FASTCALL") != "0"

//go:linkname asmcgocall runtime.asmcgocall
//go:noescape
func asmcgocall(fn, arg unsafe.Pointer) int32

// fastCall calls the C function fn(arg) on the system stack, without the
// runtime's syscall bookkeeping. arg points to a C.zgo_io on the caller's
// stack.
func fastCall(fn, arg unsafe.Pointer) { asmcgocall(fn, arg) }
