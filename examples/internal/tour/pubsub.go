package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// The publish-subscribe topologies: weather with and without the proxy,
// envelopes, node coordination and the durable subscribers.

// weatherAverage waits for wuclient's average for zip code filter.
func weatherAverage(client *zmqtest.Proc, filter string) error {
	re := regexp.MustCompile(`(?m)^Average temperature for zipcode '` + regexp.QuoteMeta(filter) + `' was -?\d+F$`)
	if _, err := client.Expect(re, 60*time.Second); err != nil {
		return err
	}
	return client.ExitWith(0, 5*time.Second)
}

func weatherTour(t *tour) error {
	server, err := t.start("wuserver", "wuserver")
	if err != nil {
		return err
	}
	client, err := t.start("wuclient", "wuclient", "1")
	if err != nil {
		return err
	}
	if err := weatherAverage(client, "1"); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func weatherProxyTour(t *tour) error {
	server, err := t.start("wuserver", "wuserver")
	if err != nil {
		return err
	}
	proxy, err := t.start("wuproxy", "wuproxy")
	if err != nil {
		return err
	}
	client, err := t.start("wuclient", "wuclient", "1", "tcp://localhost:8100")
	if err != nil {
		return err
	}
	if err := weatherAverage(client, "1"); err != nil {
		return err
	}
	if err := interruptCleanly(proxy); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func envelopeTour(t *tour) error {
	pub, err := t.start("psenvpub", "psenvpub")
	if err != nil {
		return err
	}
	sub, err := t.start("psenvsub", "psenvsub")
	if err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		if err := sub.ExpectLine("[B] We would like to see this", 10*time.Second); err != nil {
			return err
		}
	}
	if strings.Contains(sub.Stdout(), "[A]") {
		return fmt.Errorf("psenvsub received envelope A, which it did not subscribe to")
	}
	if err := interruptCleanly(sub); err != nil {
		return err
	}
	return interruptCleanly(pub)
}

func syncTour(t *tour) error {
	const subscribers, updates = 3, 100000
	var subs []*zmqtest.Proc
	for i := 1; i <= subscribers; i++ {
		s, err := t.start(fmt.Sprintf("syncsub #%d", i), "syncsub")
		if err != nil {
			return err
		}
		subs = append(subs, s)
	}
	pub, err := t.start("syncpub", "syncpub", "-v", "-subscribers", strconv.Itoa(subscribers), "-updates", strconv.Itoa(updates))
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := s.ExpectLine(fmt.Sprintf("Received %d updates", updates), 30*time.Second); err != nil {
			return err
		}
		if err := s.ExitWith(0, 5*time.Second); err != nil {
			return err
		}
	}
	return pub.ExitWith(0, 5*time.Second)
}

var updateOrEnd = regexp.MustCompile(`(?m)^(?:Update (\d+)|END)$`)

// updatesUntilEnd waits for durasub's lines up to END and returns the
// update numbers it printed.
func updatesUntilEnd(sub *zmqtest.Proc) ([]int, error) {
	var ks []int
	for {
		m, err := sub.WaitStdout(updateOrEnd, 20*time.Second)
		if err != nil {
			return nil, err
		}
		if m[1] == "" {
			return ks, nil
		}
		k, _ := strconv.Atoi(m[1])
		ks = append(ks, k)
	}
}

// durableTour is the book's scenario: start the subscriber, stop it,
// count to three, restart it. In 0MQ 2.x its identity made the publisher
// keep a queue for it while it was away; since 3.0 identities only route,
// so the restarted subscriber misses what was published meanwhile, and
// the tour shows how many updates that was.
func durableTour(t *tour) error {
	pub, err := t.start("durapub", "durapub")
	if err != nil {
		return err
	}
	first, err := t.start("durasub #1", "durasub")
	if err != nil {
		return err
	}
	for range 2 {
		if _, err := first.WaitStdout(regexp.MustCompile(`^Update \d+$`), 10*time.Second); err != nil {
			return err
		}
	}
	if err := first.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	if _, err := first.Wait(5 * time.Second); !first.Exited() {
		return err // still running; Wait's error for SIGKILL is expected
	}
	seen := updateOrEnd.FindAllStringSubmatch(first.Stdout(), -1)
	last, _ := strconv.Atoi(seen[len(seen)-1][1])
	fmt.Println("(durasub #1 stopped; counting to three)")
	time.Sleep(3 * time.Second)
	second, err := t.start("durasub #2", "durasub")
	if err != nil {
		return err
	}
	ks, err := updatesUntilEnd(second)
	if err != nil {
		return err
	}
	if err := second.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if len(ks) > 0 {
		fmt.Printf("(libzmq 4.3: durasub #1 last saw Update %d, durasub #2 first saw Update %d; the identity kept no queue)\n", last, ks[0])
	}
	return pub.ExitWith(0, 10*time.Second)
}

// durableHWMTour runs the cynical publisher: a high-water mark of one
// message, and a swap file that libzmq 4.3 no longer has (it says so on
// stderr and goes on).
func durableHWMTour(t *tour) error {
	pub, err := t.start("durapub2", "durapub2")
	if err != nil {
		return err
	}
	sub, err := t.start("durasub", "durasub")
	if err != nil {
		return err
	}
	ks, err := updatesUntilEnd(sub)
	if err != nil {
		return err
	}
	if len(ks) == 0 || ks[len(ks)-1] != 9 {
		return fmt.Errorf("durasub saw updates %v, want them to end with Update 9", ks)
	}
	if err := sub.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if !strings.Contains(pub.Stderr(), "ZMQ_SWAP") {
		return fmt.Errorf("durapub2 did not report that ZMQ_SWAP is gone: stderr %q", pub.Stderr())
	}
	return pub.ExitWith(0, 10*time.Second)
}
