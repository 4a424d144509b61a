package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// The request-reply topologies: hello world, the broker and the queue
// device, the multithreaded server and relay, Ctrl-C handling.

func versionTour(t *tour) error {
	p, err := t.start("version", "version")
	if err != nil {
		return err
	}
	if _, err := p.Expect(regexp.MustCompile(`Current 0MQ version is 4\.\d+\.\d+`), 5*time.Second); err != nil {
		return err
	}
	return p.ExitWith(0, 5*time.Second)
}

func helloTour(t *tour) error {
	server, err := t.start("hwserver", "hwserver")
	if err != nil {
		return err
	}
	client, err := t.start("hwclient", "hwclient", "-n", "3")
	if err != nil {
		return err
	}
	for n := 0; n < 3; n++ {
		if err := client.ExpectLine(fmt.Sprintf("Received World %d", n), 10*time.Second); err != nil {
			return err
		}
	}
	if err := client.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func brokerTour(t *tour) error {
	broker, err := t.start("rrbroker", "rrbroker")
	if err != nil {
		return err
	}
	var servers []*zmqtest.Proc
	for i := 1; i <= 2; i++ {
		s, err := t.start(fmt.Sprintf("rrserver #%d", i), "rrserver")
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	var clients []*zmqtest.Proc
	for i := 1; i <= 2; i++ {
		c, err := t.start(fmt.Sprintf("rrclient #%d", i), "rrclient", "5")
		if err != nil {
			return err
		}
		clients = append(clients, c)
	}
	for _, c := range clients {
		if err := c.ExpectLine("Received reply 4 [World]", 30*time.Second); err != nil {
			return err
		}
		if err := c.ExitWith(0, 5*time.Second); err != nil {
			return err
		}
	}
	served := 0
	for _, s := range servers {
		served += strings.Count(s.Stdout(), "Received request: [Hello]")
		if err := interruptCleanly(s); err != nil {
			return err
		}
	}
	if served != 10 {
		return fmt.Errorf("the servers answered %d requests, the clients sent 10", served)
	}
	return interruptCleanly(broker)
}

func queueTour(t *tour) error {
	queue, err := t.start("msgqueue", "msgqueue")
	if err != nil {
		return err
	}
	server, err := t.start("rrserver", "rrserver")
	if err != nil {
		return err
	}
	client, err := t.start("rrclient", "rrclient", "3")
	if err != nil {
		return err
	}
	if err := client.ExpectLine("Received reply 2 [World]", 30*time.Second); err != nil {
		return err
	}
	if err := client.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if err := interruptCleanly(server); err != nil {
		return err
	}
	return interruptCleanly(queue)
}

func mtserverTour(t *tour) error {
	server, err := t.start("mtserver", "mtserver")
	if err != nil {
		return err
	}
	client, err := t.start("hwclient", "hwclient", "-n", "5")
	if err != nil {
		return err
	}
	if err := client.ExpectLine("Received World 4", 30*time.Second); err != nil {
		return err
	}
	if err := client.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	return interruptCleanly(server)
}

// relayTour runs mtrelay with -v, which shows the steps on stderr.
func relayTour(t *tour) error {
	p, err := t.start("mtrelay", "mtrelay", "-v")
	if err != nil {
		return err
	}
	for _, line := range []string{"Step 1 ready, signaling step 2", "Step 2 ready, signaling step 3"} {
		if _, err := p.WaitStderr(regexp.MustCompile(`^`+regexp.QuoteMeta(line)+`$`), 5*time.Second); err != nil {
			return err
		}
	}
	if err := p.ExpectLine("Test successful!", 5*time.Second); err != nil {
		return err
	}
	return p.ExitWith(0, 5*time.Second)
}

func interruptTour(t *tour) error {
	server, err := t.start("interrupt", "interrupt")
	if err != nil {
		return err
	}
	// A request answered shows the server is up (and its signal handling
	// set up, which comes before the bind); then Ctrl-C.
	client, err := t.start("hwclient", "hwclient", "-n", "1")
	if err != nil {
		return err
	}
	if err := client.ExitWith(0, 10*time.Second); err != nil {
		return err
	}
	if err := server.Signal(os.Interrupt); err != nil {
		return err
	}
	if err := server.ExpectLine("W: interrupt received, killing server...", 5*time.Second); err != nil {
		return err
	}
	return server.ExitWith(0, 5*time.Second)
}
