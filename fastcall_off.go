//go:build race || go1.27

package zmq

import "unsafe"

// fastEntry is false where fastcall.go is left out: every call goes
// through cgo.
const fastEntry = false

func fastCall(fn, arg unsafe.Pointer) { panic("zmq: fastCall without fastcall.go") }
