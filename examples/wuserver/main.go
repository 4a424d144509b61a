// Weather update server: the Guide's wuserver.
//
// It binds a PUB socket to tcp://*:5556 and ipc://weather.ipc (a file in
// the current directory) and publishes random weather updates, as fast as it
// can, until it is interrupted (Ctrl-C or SIGTERM): then it exits 0.
package main

import (
	"errors"
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	ctx, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// Ctrl-C shuts the context down: the next Send returns ErrTerm.
	stop := zmq.CatchSignals(ctx)
	defer stop()

	publisher, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		log.Fatal(err)
	}
	// An update is worth nothing once we stop: do not let Term wait for a
	// subscriber that has stopped reading (the default LINGER waits forever).
	if err := publisher.SetLinger(0); err != nil {
		log.Fatal(err)
	}
	if err := publisher.Bind(zhelpers.Endpoint("tcp://*:5556")); err != nil {
		log.Fatal(err)
	}
	if err := publisher.Bind("ipc://weather.ipc"); err != nil {
		log.Fatal(err)
	}

	// math/rand/v2 is seeded at random: the book's srandom(time(NULL)).
	update := make([]byte, 0, 20)
	for {
		// Get values that will fool the boss
		zipcode := rand.IntN(100000)
		temperature := rand.IntN(215) - 80
		relhumidity := rand.IntN(50) + 10

		// Send message to all subscribers
		update = fmt.Appendf(update[:0], "%05d %d %d", zipcode, temperature, relhumidity)
		if err := publisher.Send(update, 0); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				break // interrupted
			}
			log.Fatal(err)
		}
	}

	if err := publisher.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
