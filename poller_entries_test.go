package zmq_test

// Poller entries: Update changes what an entry waits for, Remove frees its
// id for the next Add, and one socket may be added more than once.

import (
	"fmt"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Update changes what an entry, socket or file descriptor, is polled for,
// and refuses ids the Poller does not have.
func TestPollerUpdate(t *testing.T) {
	ctx := zt.Context(t)
	d1, d2 := typedPairOver(t, ctx, "inproc", zmq.DEALER, zmq.DEALER)
	plSend(t, d2, "in") // d1 is now readable and writable

	p := zmq.NewPoller()
	id := plAdd(t, p, d1, zmq.POLLIN)
	got, err := p.Poll(zt.Limit)
	plCheck(t, "POLLIN", got, err, plWant{id, d1, -1, zmq.POLLIN})

	for _, ev := range []zmq.Events{zmq.POLLOUT, zmq.POLLIN | zmq.POLLOUT, zmq.POLLIN} {
		if err := p.Update(id, ev); err != nil {
			t.Fatalf("Update(%d, %v): %v", id, ev, err)
		}
		got, err = p.Poll(zt.Limit)
		plCheck(t, fmt.Sprint("updated to ", ev), got, err, plWant{id, d1, -1, ev})
	}
	if err := p.Update(id, 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got, err = p.Poll(30 * time.Millisecond)
	plCheck(t, "updated to 0", got, err)
	if took := time.Since(start); took < 25*time.Millisecond {
		t.Errorf("Poll(30ms) watching nothing returned after %v", took)
	}

	// A file descriptor entry too.
	r, w := plPipe(t)
	fid := plAddFD(t, p, int(r.Fd()), zmq.POLLIN)
	if _, err := w.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(zt.Limit)
	plCheck(t, "pipe", got, err, plWant{fid, nil, int(r.Fd()), zmq.POLLIN})
	if err := p.Update(fid, zmq.POLLOUT); err != nil { // a read end is never writable
		t.Fatal(err)
	}
	got, err = p.Poll(0)
	plCheck(t, "pipe read end, POLLOUT", got, err)

	for _, bad := range []int{-1, 2, 99} {
		zt.MustIs(t, p.Update(bad, zmq.POLLIN), zmq.ErrInvalid, fmt.Sprint("Update(", bad, ")"))
	}
}

// A removed entry is no longer polled and its socket no longer taken by
// Poll, Update and Remove refuse its id, and the next Add reuses it.
func TestPollerRemove(t *testing.T) {
	ctx := zt.Context(t)
	var pulls, pushes [5]*zmq.Socket
	for i := range pulls {
		pulls[i], pushes[i] = plPipeline(t, ctx, "inproc")
		plSend(t, pushes[i], "x") // every socket stays readable
	}
	p := zmq.NewPoller()
	for i := range 3 {
		p.Add(pulls[i], zmq.POLLIN)
	}
	if err := p.Remove(1); err != nil {
		t.Fatalf("Remove(1): %v", err)
	}
	got, err := p.Poll(zt.Limit)
	plCheck(t, "1 removed", got, err,
		plWant{0, pulls[0], -1, zmq.POLLIN}, plWant{2, pulls[2], -1, zmq.POLLIN})

	// A removed entry is gone: Update and Remove refuse it; the socket is
	// no longer taken by Poll (closing it does not make Poll fail).
	zt.MustIs(t, p.Remove(1), zmq.ErrInvalid, "Remove(1) twice")
	zt.MustIs(t, p.Update(1, zmq.POLLIN), zmq.ErrInvalid, "Update of removed 1")
	for _, bad := range []int{-1, 3, 1000} {
		zt.MustIs(t, p.Remove(bad), zmq.ErrInvalid, fmt.Sprint("Remove(", bad, ")"))
	}
	if err := pulls[1].Close(); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(zt.Limit)
	plCheck(t, "removed socket closed", got, err,
		plWant{0, pulls[0], -1, zmq.POLLIN}, plWant{2, pulls[2], -1, zmq.POLLIN})

	// The next Add reuses the id; later ones append.
	if id := plAdd(t, p, pulls[3], zmq.POLLIN); id != 1 {
		t.Fatalf("Add after Remove(1) returned %d, want 1", id)
	}
	r, w := plPipe(t)
	if id := plAddFD(t, p, int(r.Fd()), zmq.POLLIN); id != 3 {
		t.Fatalf("AddFD returned %d, want 3", id)
	}
	if _, err := w.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(zt.Limit)
	plCheck(t, "id 1 reused", got, err,
		plWant{0, pulls[0], -1, zmq.POLLIN}, plWant{1, pulls[3], -1, zmq.POLLIN},
		plWant{2, pulls[2], -1, zmq.POLLIN}, plWant{3, nil, int(r.Fd()), zmq.POLLIN})

	// Removing the fd and the first socket; the fd's id is reused by a
	// socket.
	for _, id := range []int{3, 0} {
		if err := p.Remove(id); err != nil {
			t.Fatalf("Remove(%d): %v", id, err)
		}
	}
	got, err = p.Poll(zt.Limit)
	plCheck(t, "0 and 3 removed", got, err,
		plWant{1, pulls[3], -1, zmq.POLLIN}, plWant{2, pulls[2], -1, zmq.POLLIN})
	a, b := plAdd(t, p, pulls[4], zmq.POLLIN), plAdd(t, p, pulls[0], zmq.POLLIN)
	if (a != 0 || b != 3) && (a != 3 || b != 0) {
		t.Fatalf("Adds after removing 0 and 3 returned %d, %d", a, b)
	}
	if id := plAdd(t, p, pulls[0], zmq.POLLOUT); id != 4 {
		t.Fatalf("Add with no free id returned %d, want 4", id)
	}
	got, err = p.Poll(zt.Limit)
	if err != nil || len(got) != 4 {
		t.Fatalf("after re-adding: %s, %v", plFormat(got), err)
	}
	for _, g := range got {
		if want := map[int]*zmq.Socket{a: pulls[4], b: pulls[0], 1: pulls[3], 2: pulls[2]}[g.ID]; g.Socket != want {
			t.Fatalf("after re-adding: %s", plFormat(got))
		}
	}

	// Everything removed: nothing to report.
	for id := range 5 {
		if err := p.Remove(id); err != nil {
			t.Fatalf("Remove(%d): %v", id, err)
		}
	}
	got, err = p.Poll(10 * time.Millisecond)
	plCheck(t, "all removed", got, err)
}

// A socket in several entries is reported in each, for what that entry
// asks.
func TestPollerSameSocketTwice(t *testing.T) {
	ctx := zt.Context(t)
	d1, d2 := typedPairOver(t, ctx, "inproc", zmq.DEALER, zmq.DEALER)
	p := zmq.NewPoller()
	in := plAdd(t, p, d1, zmq.POLLIN)
	out := plAdd(t, p, d1, zmq.POLLOUT)
	in2 := plAdd(t, p, d1, zmq.POLLIN)
	got, err := p.Poll(zt.Limit)
	plCheck(t, "nothing to read yet", got, err, plWant{out, d1, -1, zmq.POLLOUT})
	plSend(t, d2, "x")
	plWaitReady(t, d1, zmq.POLLIN)
	got, err = p.Poll(zt.Limit)
	plCheck(t, "readable and writable", got, err,
		plWant{in, d1, -1, zmq.POLLIN}, plWant{out, d1, -1, zmq.POLLOUT}, plWant{in2, d1, -1, zmq.POLLIN})

	items := []zmq.PollItem{{Socket: d1, Events: zmq.POLLIN}, {Socket: d1, Events: zmq.POLLOUT}}
	n, err := zmq.Poll(items, zt.Limit)
	if err != nil || n != 2 || items[0].REvents != zmq.POLLIN || items[1].REvents != zmq.POLLOUT {
		t.Fatalf("zmq.Poll over one socket twice = %d, %v, REvents %v %v", n, err, items[0].REvents, items[1].REvents)
	}
	plRecv(t, d1, "x")
}
