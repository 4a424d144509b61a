// Version reports the version of the libzmq it runs with.
package main

import (
	"fmt"

	"github.com/zmqgo/zmq"
)

func main() {
	major, minor, patch := zmq.Version()
	fmt.Printf("Current 0MQ version is %d.%d.%d\n", major, minor, patch)
}
