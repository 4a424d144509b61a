//go:build cgo

package zmq

// Z85, ZeroMQ's base-85 text encoding of binary data (RFC 32,
// rfc.zeromq.org/spec/32), in Go: CURVE keys are written as Z85 text,
// and the codec needs no trip through cgo.

import (
	"encoding/binary"
	"fmt"
)

// z85Alphabet is RFC 32's: digit i of a group is z85Alphabet[i].
const z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"

// z85Invalid marks, in z85Digits, a byte that is not a Z85 character.
const z85Invalid = 0xff

// z85Digits maps a byte to its digit value, or z85Invalid: a full table,
// so that no byte, a NUL or one above 0x7f included, is read out of range.
var z85Digits = func() (t [256]byte) {
	for i := range t {
		t[i] = z85Invalid
	}
	for i := 0; i < len(z85Alphabet); i++ {
		t[z85Alphabet[i]] = byte(i)
	}
	return t
}()

// Z85Encode returns data as Z85 text (RFC 32): each group of 4 bytes, read
// as a big-endian number, becomes 5 characters. The length of data must be
// a multiple of 4, else the error matches ErrInvalid (Z85 has no padding;
// pad the data yourself if you must). Empty data gives "". This is the
// encoding of libzmq's zmq_z85_encode, which CURVE keys are written in: a
// 32-byte key becomes 40 characters.
func Z85Encode(data []byte) (string, error) {
	if len(data)%4 != 0 {
		return "", fmt.Errorf("zmq: Z85Encode: %d bytes, not a multiple of 4: %w", len(data), ErrInvalid)
	}
	return z85Encode(data), nil
}

// z85Encode encodes data, whose length is a multiple of 4.
func z85Encode(data []byte) string {
	out := make([]byte, len(data)/4*5)
	for i, o := 0, 0; i < len(data); i, o = i+4, o+5 {
		v := binary.BigEndian.Uint32(data[i:])
		for j := 4; j >= 0; j-- {
			out[o+j] = z85Alphabet[v%85]
			v /= 85
		}
	}
	return string(out)
}

// Z85Decode returns the bytes that s, Z85 text (RFC 32), encodes: 4 for
// each group of 5 characters. The error matches ErrInvalid and says where
// s goes wrong when its length is not a multiple of 5, when it holds a
// byte outside Z85's 85 characters, or when a group stands for a number
// above 2^32-1 (as "#####" does). It never panics, whatever s holds. An
// empty s gives an empty slice.
func Z85Decode(s string) ([]byte, error) {
	out, err := z85Decode(s)
	if err != nil {
		return nil, fmt.Errorf("zmq: Z85Decode: %w", err)
	}
	return out, nil
}

// z85Decode is Z85Decode with an error that does not name the call, for
// callers that name it themselves.
func z85Decode(s string) ([]byte, error) {
	if len(s)%5 != 0 {
		return nil, fmt.Errorf("%d characters, not a multiple of 5: %w", len(s), ErrInvalid)
	}
	out := make([]byte, len(s)/5*4)
	for i, o := 0, 0; i < len(s); i, o = i+5, o+4 {
		// Five digits reach 85^5-1, above 2^32: add them up in 64 bits
		// and refuse the groups that do not fit in 4 bytes.
		var v uint64
		for j := i; j < i+5; j++ {
			d := z85Digits[s[j]]
			if d == z85Invalid {
				return nil, fmt.Errorf("byte 0x%02x at offset %d is not a Z85 character: %w", s[j], j, ErrInvalid)
			}
			v = v*85 + uint64(d)
		}
		if v > 0xffffffff {
			return nil, fmt.Errorf("group %q at offset %d stands for %d, above 2^32-1: %w", s[i:i+5], i, v, ErrInvalid)
		}
		binary.BigEndian.PutUint32(out[o:], uint32(v))
	}
	return out, nil
}
