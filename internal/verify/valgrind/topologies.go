package main

import (
	"fmt"
	"strings"
	"time"
)

// The topologies. Each returns its first failure; every program under
// valgrind is judged by its report afterwards anyway.

func hello(s *session) error {
	server := s.valgrind("hwserver", "hwserver")
	client := s.valgrind("hwclient", "hwclient", "-n", "3")
	if err := client.exit0(finish); err != nil {
		return err
	}
	return server.interrupt()
}

func pipeline(s *session) error {
	sink := s.valgrind("tasksink2", "tasksink2")
	workers := []*proc{s.valgrind("taskwork2 #1", "taskwork2"), s.valgrind("taskwork2 #2", "taskwork2")}
	vent := s.valgrind("taskvent", "taskvent")
	// The ventilator waits for Enter "when the workers are ready"; they
	// say nothing when they connect. Under valgrind they need a while.
	if err := vent.expect("Press Enter", startup); err != nil {
		return err
	}
	time.Sleep(5 * time.Second)
	vent.stdin.Close()
	for _, p := range append([]*proc{vent, sink}, workers...) {
		if err := p.exit0(finish); err != nil {
			return err
		}
	}
	return nil
}

func rrbroker(s *session) error {
	broker := s.valgrind("rrbroker", "rrbroker")
	server := s.valgrind("rrserver", "rrserver")
	client := s.valgrind("rrclient", "rrclient", "3")
	if err := client.exit0(finish); err != nil {
		return err
	}
	if err := server.interrupt(); err != nil {
		return err
	}
	return broker.interrupt()
}

func msgqueue(s *session) error {
	queue := s.valgrind("msgqueue", "msgqueue")
	server := s.plain("rrserver", "rrserver")
	client := s.plain("rrclient", "rrclient", "3")
	if err := client.exit0(finish); err != nil {
		return err
	}
	if err := server.interrupt(); err != nil {
		return err
	}
	return queue.interrupt()
}

func mtserver(s *session) error {
	server := s.valgrind("mtserver", "mtserver")
	client := s.plain("hwclient", "hwclient", "-n", "5")
	if err := client.exit0(finish); err != nil {
		return err
	}
	return server.interrupt()
}

func mtrelay(s *session) error {
	relay := s.valgrind("mtrelay", "mtrelay")
	if err := relay.expect("Test successful!", finish); err != nil {
		return err
	}
	return relay.exit0(finish)
}

func syncTopology(s *session) error {
	subs := []*proc{s.valgrind("syncsub #1", "syncsub"), s.valgrind("syncsub #2", "syncsub")}
	pub := s.valgrind("syncpub", "syncpub", "-subscribers", "2", "-updates", "2000")
	for _, sub := range subs {
		if err := sub.expect("Received ", finish); err != nil {
			return err
		}
		if err := sub.exit0(finish); err != nil {
			return err
		}
	}
	return pub.exit0(finish)
}

func psenv(s *session) error {
	pub := s.valgrind("psenvpub", "psenvpub")
	sub := s.valgrind("psenvsub", "psenvsub")
	if err := sub.count("[B] We would like to see this", 3, startup); err != nil {
		return err
	}
	if strings.Contains(sub.out.String(), "[A]") {
		return fmt.Errorf("psenvsub received envelope A, which it did not subscribe to")
	}
	if err := sub.interrupt(); err != nil {
		return err
	}
	return pub.interrupt()
}

func interrupt(s *session) error {
	server := s.valgrind("interrupt", "interrupt")
	client := s.plain("hwclient", "hwclient", "-n", "2")
	if err := client.exit0(finish); err != nil {
		return err
	}
	if err := server.interrupt(); err != nil {
		return err
	}
	return server.expect("W: interrupt received, killing server...", time.Second)
}

func dura(s *session) error {
	sub := s.valgrind("durasub", "durasub")
	pub := s.valgrind("durapub", "durapub")
	if err := pub.exit0(finish); err != nil {
		return err
	}
	return sub.exit0(finish)
}

func vgcover(s *session) error {
	var args []string
	if s.pass.name == "pass2" {
		// Clear freed Go memory of stale pointers to C memory before
		// the leak check (internal/verify/scrub).
		args = append(args, "-scrub")
	}
	p := s.valgrind("vgcover", "vgcover", args...)
	if err := p.exit0(2 * finish); err != nil {
		return err
	}
	return p.expect("vgcover: done", time.Second)
}
