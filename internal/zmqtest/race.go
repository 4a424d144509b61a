//go:build race

package zmqtest

// RaceEnabled reports whether the running binary has the race detector;
// programs built for a test under it may get it too (Build).
const RaceEnabled = true
