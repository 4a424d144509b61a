package main

import (
	"bufio"
	"io"
	"os"
)

// input is where the messages to send come from: the -m flags, or
// standard input.
//
// Standard input is read by a goroutine of its own, so that the
// goroutine owning the socket never blocks on it: each message goes into
// a channel, and then one byte into a pipe whose read end the socket's
// Poller watches next to the socket (the self-pipe trick). A readable
// pipe thus means as many messages waiting as it holds bytes; the end of
// the pipe means the end of the input.
type input struct {
	// From -m.
	fixed [][][]byte
	cycle bool // start again from the first when all are sent
	next  int

	// From standard input.
	pipe  *os.File // read end of the pipe, nil for -m
	fd    int
	msgs  chan [][]byte
	errc  chan error // the reader's error, nil at a clean end
	queue [][][]byte // taken from msgs, not yet sent
	eof   bool
	err   error
}

// fixedInput sends the -m messages.
func fixedInput(msgs [][][]byte, cycle bool) *input {
	return &input{fixed: msgs, cycle: cycle}
}

// streamInput starts a goroutine reading messages from r with read until
// it returns an error (io.EOF at the end). The goroutine ends at the end
// of r; one blocked on a terminal ends with the process.
func streamInput(r io.Reader, read func(*bufio.Reader) ([][]byte, error)) (*input, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	in := &input{pipe: pr, fd: int(pr.Fd()), msgs: make(chan [][]byte, 128), errc: make(chan error, 1)}
	go func() {
		var rerr error
		defer func() {
			if rerr != nil && rerr != io.EOF {
				in.errc <- rerr
			}
			close(in.errc) // before the end of the pipe announces it
			pw.Close()
		}()
		br := bufio.NewReaderSize(r, 64<<10)
		one := []byte{1}
		for {
			var msg [][]byte
			if msg, rerr = read(br); rerr != nil {
				return
			}
			in.msgs <- msg
			if _, err := pw.Write(one); err != nil {
				return // the read end is gone: the program is ending
			}
		}
	}()
	return in, nil
}

// take returns the next message to send. With wait true there is none
// yet: poll fd, then fill. A nil message without wait is the end of the
// input (see err).
func (in *input) take() (msg [][]byte, wait bool) {
	if in.pipe == nil {
		if in.next == len(in.fixed) && in.cycle && len(in.fixed) > 0 {
			in.next = 0
		}
		if in.next == len(in.fixed) {
			return nil, false
		}
		in.next++
		return in.fixed[in.next-1], false
	}
	if len(in.queue) > 0 {
		msg = in.queue[0]
		in.queue = in.queue[1:]
		return msg, false
	}
	return nil, !in.eof
}

// fill takes the messages the pipe announces; call it when fd is
// readable.
func (in *input) fill() error {
	var buf [128]byte
	n, err := in.pipe.Read(buf[:])
	for range n {
		in.queue = append(in.queue, <-in.msgs)
	}
	if n == 0 || err != nil {
		if err != nil && err != io.EOF {
			return err
		}
		if n == 0 {
			in.eof = true
			in.err = <-in.errc
		}
	}
	return nil
}

// close releases the pipe.
func (in *input) close() {
	if in.pipe != nil {
		in.pipe.Close()
	}
}
