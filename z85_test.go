package zmq_test

// Z85 (RFC 32) in pure Go: the specification's and libzmq's test vectors,
// inputs it must refuse without a panic, and a fuzz target for the round
// trip. curve_test.go holds the comparisons with libzmq's own codec and
// with pyzmq's.

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

const z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"

// TestZ85Vectors guards RFC 32's example and the round trips of
// libzmq's tests/test_base85.cpp, both ways.
func TestZ85Vectors(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		text string
	}{
		{[]byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B}, "HelloWorld"}, // RFC 32
		{[]byte{0, 0, 0, 0}, "00000"},                                          // test_base85.cpp's minimum
		{[]byte{0xff, 0xff, 0xff, 0xff}, "%nSc0"},                              // and maximum
		{[]byte{}, ""}, // libzmq takes the empty string too
		{optClientPublic, string(optClientPublicZ85)}, // zmq_curve(7)'s keys
		{optClientSecret, string(optClientSecretZ85)}, //
		{optServerPublic, string(optServerPublicZ85)}, //
		{[]byte{0, 0, 0, 84}, "0000#"},                // the last digit
		{[]byte{0x03, 0x1c, 0x84, 0xb1}, "10000"},     // 85^4
		{bytes.Repeat([]byte{0xff}, 64), strings.Repeat("%nSc0", 16)},
	} {
		got, err := zmq.Z85Encode(tc.data)
		if err != nil || got != tc.text {
			t.Errorf("Z85Encode(% x) = %q, %v; want %q", tc.data, got, err, tc.text)
		}
		back, err := zmq.Z85Decode(tc.text)
		if err != nil || !bytes.Equal(back, tc.data) || back == nil {
			t.Errorf("Z85Decode(%q) = % x (nil: %t), %v; want % x", tc.text, back, back == nil, err, tc.data)
		}
	}
}

// TestZ85EncodeInvalid guards the lengths Z85 cannot encode: an error
// matching ErrInvalid that gives the length, as zmq_z85_encode's EINVAL.
func TestZ85EncodeInvalid(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 31, 33, 42} {
		got, err := zmq.Z85Encode(make([]byte, n))
		zt.MustIs(t, err, zmq.ErrInvalid, "Z85Encode of a bad length")
		if got != "" || err == nil || !strings.Contains(err.Error(), "Z85Encode") {
			t.Errorf("Z85Encode(%d bytes) = %q, %v", n, got, err)
		}
	}
}

// TestZ85DecodeInvalid guards what Z85Decode must refuse with ErrInvalid
// and a nil slice: bad lengths, bytes outside the alphabet, groups above
// 2^32-1. The first cases are test_base85.cpp's, with its C string
// literals as C reads them ("####\0047" is "####", \004 and '7').
func TestZ85DecodeInvalid(t *testing.T) {
	cases := []struct{ in, why string }{
		{"01234567", "not a multiple of 5"},
		{"0", "not a multiple of 5"},
		{"#####", "above 2^32-1"},
		{"%nSc1", "above 2^32-1"},
		{"####\0047", "not a multiple of 5"},
		{"####\0200", "not a multiple of 5"},
		{"####\0037", "not a multiple of 5"},
		// What the three above meant: a byte inside the alphabet's range
		// but not in it, and one on either side of the range.
		{"####'", "0x27 at offset 4"},
		{"#### ", "0x20 at offset 4"},
		{"####~", "0x7e at offset 4"},
		{"\x00####", "0x00 at offset 0"},
		{"0000\x7f", "0x7f"},
		{"0000\x80", "0x80"},
		{"0000\xff", "0xff"},
		{"00000" + "000_0", "0x5f at offset 8"},
		{"00000" + "$0000", "above 2^32-1"},
		{string(optServerPublicZ85[:39]) + "\\", "0x5c at offset 39"},
		{"HelloWorld\x00", "not a multiple of 5"},
		{"Hello\x00orld", "0x00 at offset 5"},
		{"é0000", "not a multiple of 5"},
		{"é000", "0xc3 at offset 0"},
	}
	for _, tc := range cases {
		got, err := zmq.Z85Decode(tc.in)
		zt.MustIs(t, err, zmq.ErrInvalid, "Z85Decode of invalid text")
		if got != nil || err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("Z85Decode(%q) = % x, %v; want an error saying %q", tc.in, got, err, tc.why)
		}
	}
}

// TestZ85DecodeEveryByte decodes every byte in every place of a group:
// it is accepted exactly when it is one of the 85 characters and the
// group stays within 2^32-1, which math/big decides independently.
func TestZ85DecodeEveryByte(t *testing.T) {
	max := big.NewInt(0xffffffff)
	for _, fill := range []byte{'0', '#', '%', 'n'} {
		for pos := range 5 {
			for b := range 256 {
				group := bytes.Repeat([]byte{fill}, 5)
				group[pos] = byte(b)
				v, valid := new(big.Int), true
				for _, c := range group {
					d := strings.IndexByte(z85Alphabet, c)
					if d < 0 {
						valid = false
						break
					}
					v.Mul(v, big.NewInt(85)).Add(v, big.NewInt(int64(d)))
				}
				valid = valid && v.Cmp(max) <= 0
				got, err := zmq.Z85Decode(string(group))
				switch {
				case valid && (err != nil || new(big.Int).SetBytes(got).Cmp(v) != 0 || len(got) != 4):
					t.Fatalf("Z85Decode(%q) = % x, %v; want %v", group, got, err, v)
				case !valid && (err == nil || !errors.Is(err, zmq.ErrInvalid)):
					t.Fatalf("Z85Decode(%q) = % x, %v; want ErrInvalid", group, got, err)
				}
			}
		}
	}
}

// FuzzZ85 guards the codec on any input: bytes of a length that is a
// multiple of 4 encode to text of the alphabet that decodes back to them,
// other lengths fail with ErrInvalid; any text either decodes to bytes
// that encode back to the same text (each group has one spelling) or
// fails with ErrInvalid, never with a panic.
func FuzzZ85(f *testing.F) {
	for _, seed := range []string{"", "HelloWorld", "\x86\x4f\xd2\x6f", "\xff\xff\xff\xff", "%nSc0", "%nSc1", "#####",
		"abc", "12345678", string(optClientSecretZ85), string(optClientPublic), "####\x00", "0000\xff"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := zmq.Z85Encode(data)
		if len(data)%4 != 0 {
			if !errors.Is(err, zmq.ErrInvalid) || text != "" {
				t.Fatalf("Z85Encode(% x) = %q, %v; want ErrInvalid", data, text, err)
			}
		} else {
			if err != nil || len(text) != len(data)/4*5 || strings.Trim(text, z85Alphabet) != "" {
				t.Fatalf("Z85Encode(% x) = %q, %v", data, text, err)
			}
			back, err := zmq.Z85Decode(text)
			if err != nil || !bytes.Equal(back, data) {
				t.Fatalf("Z85Decode(Z85Encode(% x)) = % x, %v", data, back, err)
			}
		}

		decoded, err := zmq.Z85Decode(string(data))
		if err != nil {
			if !errors.Is(err, zmq.ErrInvalid) || decoded != nil {
				t.Fatalf("Z85Decode(%q) = % x, %v; want ErrInvalid", data, decoded, err)
			}
			return
		}
		again, err := zmq.Z85Encode(decoded)
		if err != nil || again != string(data) {
			t.Fatalf("Z85Encode(Z85Decode(%q)) = %q, %v", data, again, err)
		}
	})
}
