// Package zhelpers holds the little the Guide's examples share beyond the
// zmq package, as the book's zhelpers.h did for its C examples.
package zhelpers

import (
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/zmqgo/zmq"
)

// Endpoint returns endpoint with its tcp port shifted by the environment
// variable ZGUIDE_PORT_OFFSET (0 when unset), so that several copies of a
// topology can run side by side and none meets a server of the user's on
// the book's ports. Other transports, and wildcard ports, are unchanged.
//
//	zhelpers.Endpoint("tcp://*:5555")  // "tcp://*:25555" with ZGUIDE_PORT_OFFSET=20000
func Endpoint(endpoint string) string {
	offset, err := strconv.Atoi(os.Getenv("ZGUIDE_PORT_OFFSET"))
	if err != nil || offset == 0 || !strings.HasPrefix(endpoint, "tcp://") {
		return endpoint
	}
	i := strings.LastIndexByte(endpoint, ':')
	port, err := strconv.Atoi(endpoint[i+1:])
	if err != nil {
		return endpoint
	}
	return endpoint[:i+1] + strconv.Itoa(port+offset)
}

// Fatal ends a program that met err. When Ctrl-C or SIGTERM caused it
// (zmq.CatchSignals shut the context down, and the call returned
// ErrTerm), the program closes every socket, terminates the context and
// exits 0; any other error is printed and the program exits 1.
func Fatal(context *zmq.Context, err error) {
	if zmq.Interrupted() {
		if err := context.Destroy(0); err != nil {
			log.Fatal(err)
		}
		os.Exit(0)
	}
	log.Fatal(err)
}
