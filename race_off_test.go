//go:build !race

package zmq_test

// raceBuild: see race_on_test.go.
const raceBuild = false
