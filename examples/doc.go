// Package examples holds the programs of chapter 2 of the ZeroMQ Guide
// (and the chapter 1 programs they run with), one per directory, written
// in Go over package zmq, and the tests that run them together as the
// book's topologies.
//
// Every tcp port an example binds or connects is shifted by the
// environment variable ZGUIDE_PORT_OFFSET (default 0).
package examples
