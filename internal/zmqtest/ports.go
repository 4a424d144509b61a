package zmqtest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
)

// bookPorts are the tcp ports the Guide's examples bind and connect.
var bookPorts = []int{5555, 5556, 5557, 5558, 5559, 5560, 5561, 5562, 5563, 5564, 5565, 8100}

// FreeOffset returns a ZGUIDE_PORT_OFFSET under which the Guide's tcp
// ports are free on this machine, so that a topology of examples meets
// neither another topology nor a server of the user's.
func FreeOffset() (int, error) {
	for try := 0; try < 50; try++ {
		offset := 10000 + 100*rand.IntN(450)
		if portsFree(offset) {
			return offset, nil
		}
	}
	return 0, errors.New("no free range of ports for the Guide's endpoints")
}

func portsFree(offset int) bool {
	for _, p := range bookPorts {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+offset))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}
