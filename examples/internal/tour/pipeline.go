package main

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// The pipeline topologies: divide and conquer with kill signalling, and
// the two ways of reading several sockets.

func pipelineTour(t *tour) error {
	sink, err := t.start("tasksink2", "tasksink2")
	if err != nil {
		return err
	}
	var workers []*zmqtest.Proc
	for i := 1; i <= 3; i++ {
		w, err := t.start(fmt.Sprintf("taskwork2 #%d", i), "taskwork2")
		if err != nil {
			return err
		}
		workers = append(workers, w)
	}
	vent, err := t.start("taskvent", "taskvent")
	if err != nil {
		return err
	}
	// The book's ventilator waits for Enter "when the workers are ready".
	// The workers say nothing when they connect, so the tour does what a
	// reader would: give them a moment, then press Enter (end of input
	// does as well). Without it the first worker to connect gets every task.
	time.Sleep(time.Second)
	vent.Stdin().Close()
	total, err := vent.Expect(regexp.MustCompile(`Total expected cost: (\d+) msec`), 10*time.Second)
	if err != nil {
		return err
	}
	if err := vent.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if _, err := sink.Expect(regexp.MustCompile(`Total elapsed time: \d+ msec`), 30*time.Second); err != nil {
		return err
	}
	if err := sink.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	// Each worker got KILL from the sink and left by itself, having
	// printed a dot per task: the start "0" and the 100 tasks.
	dots := 0
	for _, w := range workers {
		if err := w.ExitWith(0, 5*time.Second); err != nil {
			return err
		}
		dots += strings.Count(w.Stdout(), ".")
	}
	if dots != 101 {
		return fmt.Errorf("the workers did %d tasks, the ventilator sent 101 (%s msec of work)", dots, total[1])
	}
	return nil
}

// multipleSocketsTour runs reader (msreader or mspoller) with the weather
// server and the ventilator, as the only worker: it gets every task and
// the weather for zip code 10001. Like the book's, the reader prints
// nothing; -v shows each message it got.
func multipleSocketsTour(t *tour, reader string) error {
	server, err := t.start("wuserver", "wuserver")
	if err != nil {
		return err
	}
	r, err := t.start(reader, reader, "-v")
	if err != nil {
		return err
	}
	vent, err := t.start("taskvent", "taskvent")
	if err != nil {
		return err
	}
	vent.Stdin().Close()
	if err := vent.ExitWith(0, 10*time.Second); err != nil {
		return err
	}
	for i := 0; i < 101; i++ {
		if _, err := r.WaitStderr(regexp.MustCompile(`^task: \d+$`), 10*time.Second); err != nil {
			return err
		}
	}
	if _, err := r.WaitStderr(regexp.MustCompile(`^weather: 10001 `), 30*time.Second); err != nil {
		return err
	}
	if err := interruptCleanly(r); err != nil {
		return err
	}
	return interruptCleanly(server)
}
