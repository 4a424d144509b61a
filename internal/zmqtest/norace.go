//go:build !race

package zmqtest

// RaceEnabled: see race.go.
const RaceEnabled = false
