package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// badInputError is input that does not follow the --raw form: exit
// status 2, like a usage error.
type badInputError struct{ msg string }

func (e *badInputError) Error() string { return e.msg }

// textFrame returns how a frame is printed: as it is when it is valid
// UTF-8 without control characters (a tab is allowed), else (and always
// with forceHex) as "0x" followed by its bytes in hex.
func textFrame(b []byte, forceHex bool) string {
	if !forceHex && utf8.Valid(b) && bytes.IndexFunc(b, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) < 0 {
		return string(b)
	}
	return "0x" + hex.EncodeToString(b)
}

// textMessage returns a message as one line, its frames separated by
// delim.
func textMessage(msg [][]byte, delim string, forceHex bool) string {
	frames := make([]string, len(msg))
	for i, f := range msg {
		frames[i] = textFrame(f, forceHex)
	}
	return strings.Join(frames, delim)
}

// splitMessage makes the frames of a message out of a line: the whole
// line, or with multipart its parts between delims.
func splitMessage(line []byte, multipart bool, delim string) [][]byte {
	if !multipart {
		return [][]byte{line}
	}
	return bytes.Split(line, []byte(delim))
}

// readLine reads one message from lines of text: a line without its
// newline (a last line without a newline counts). It returns io.EOF at the
// end.
func readLine(br *bufio.Reader, multipart bool, delim string) ([][]byte, error) {
	line, err := br.ReadBytes('\n')
	if err != nil && (err != io.EOF || len(line) == 0) {
		return nil, err
	}
	return splitMessage(bytes.TrimSuffix(line, []byte("\n")), multipart, delim), nil
}

// The --raw form of a message: a 4-byte big-endian frame count (at least
// 1), then each frame as a 4-byte big-endian length followed by that many
// bytes. Messages follow each other with nothing in between.

// readRaw reads one message in the --raw form. It returns io.EOF at the
// end of the input, between messages; a message cut short or with no
// frames is a *badInputError.
func readRaw(br *bufio.Reader) ([][]byte, error) {
	var word [4]byte
	if _, err := io.ReadFull(br, word[:]); err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, rawError(err, "frame count")
	}
	n := binary.BigEndian.Uint32(word[:])
	if n == 0 {
		return nil, &badInputError{"raw input: a message with 0 frames"}
	}
	var msg [][]byte
	for i := uint32(0); i < n; i++ {
		if _, err := io.ReadFull(br, word[:]); err != nil {
			return nil, rawError(err, fmt.Sprintf("length of frame %d of %d", i+1, n))
		}
		size := int64(binary.BigEndian.Uint32(word[:]))
		var frame bytes.Buffer
		frame.Grow(int(min(size, 1<<20)))
		if _, err := io.CopyN(&frame, br, size); err != nil {
			return nil, rawError(err, fmt.Sprintf("frame %d of %d (%d bytes)", i+1, n, size))
		}
		msg = append(msg, frame.Bytes())
	}
	return msg, nil
}

func rawError(err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &badInputError{"raw input: truncated in the " + what}
	}
	return err
}

// writeRaw writes msg in the --raw form.
func writeRaw(w io.Writer, msg [][]byte) error {
	buf := binary.BigEndian.AppendUint32(nil, uint32(len(msg)))
	for _, f := range msg {
		if uint64(len(f)) > math.MaxUint32 {
			return fmt.Errorf("frame of %d bytes is too long for the raw form", len(f))
		}
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(f)))
		buf = append(buf, f...)
	}
	_, err := w.Write(buf)
	return err
}
