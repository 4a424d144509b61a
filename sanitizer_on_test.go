//go:build asan || msan

package zmq_test

// sanitizerBuild: under -asan and -msan the compiler instruments every
// unsafe.Pointer conversion (checkptr), which moves buffers and call
// arguments that stay on the stack in a normal build to the heap, so
// allocation counts there say nothing about the binding.
const sanitizerBuild = true
