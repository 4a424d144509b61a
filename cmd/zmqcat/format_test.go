package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Tests of the formatting and parsing, run in process.

// TestTextFrame guards when a frame is printed as text and when in hex.
func TestTextFrame(t *testing.T) {
	for _, tc := range []struct {
		in    []byte
		force bool
		want  string
	}{
		{[]byte("plain"), false, "plain"},
		{[]byte("tab\there"), false, "tab\there"},
		{[]byte("ünïcødé"), false, "ünïcødé"},
		{[]byte{}, false, ""},
		{[]byte{0xff}, false, "0xff"},
		{[]byte("new\nline"), false, "0x6e65770a6c696e65"},
		{[]byte("\x00"), false, "0x00"},
		{[]byte("\u0085"), false, "0xc285"}, // a C1 control character
		{[]byte("A"), true, "0x41"},
		{[]byte{}, true, "0x"},
	} {
		if got := textFrame(tc.in, tc.force); got != tc.want {
			t.Errorf("textFrame(%q, %v) = %q, want %q", tc.in, tc.force, got, tc.want)
		}
	}
}

// TestReadLine guards the splitting of input lines into frames, empty
// frames and a last line without a newline included.
func TestReadLine(t *testing.T) {
	br := bufio.NewReader(strings.NewReader("a|b\n\n|\nlast|"))
	var got [][][]byte
	for {
		m, err := readLine(br, true, "|")
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	want := [][][]byte{{[]byte("a"), []byte("b")}, {{}}, {{}, {}}, {[]byte("last"), {}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestRawForm guards the --raw encoding both ways, its end of input and
// the refusal of a frame length that cannot be real.
func TestRawForm(t *testing.T) {
	msg := [][]byte{[]byte("ab"), {}, {0}}
	var b bytes.Buffer
	if err := writeRaw(&b, msg); err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 0, 0, 3, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 1, 0}
	if !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("writeRaw = %v, want %v", b.Bytes(), want)
	}
	got, err := readRaw(bufio.NewReader(&b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(msg, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := readRaw(bufio.NewReader(&b)); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	var bad *badInputError
	if _, err := readRaw(bufio.NewReader(bytes.NewReader([]byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 1}))); !errors.As(err, &bad) {
		t.Errorf("a frame claiming 4 GiB: %v, want a badInputError", err)
	}
}
