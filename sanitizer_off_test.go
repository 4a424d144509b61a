//go:build !asan && !msan

package zmq_test

// sanitizerBuild: see sanitizer_on_test.go.
const sanitizerBuild = false
