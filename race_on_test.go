//go:build race

package zmq_test

// raceBuild tells the tests that the race detector is on.
const raceBuild = true
