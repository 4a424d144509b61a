package zmq_test

// CURVE keys: NewCurveKeypair and CurvePublic against libzmq's own Z85
// codec for 10,000 keys, against pyzmq's, in a real CURVE handshake, and
// their errors: bad secret keys, and a libzmq without CURVE.

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// libzmq's option numbers for the CURVE keys (zmq.h).
const (
	rawCurvePublicKey = 48 // ZMQ_CURVE_PUBLICKEY
	rawCurveSecretKey = 49 // ZMQ_CURVE_SECRETKEY
)

// curveServerSecretZ85 is the server's secret key of zmq_curve(7), whose
// public key is optServerPublicZ85.
const curveServerSecretZ85 = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

// skipWithoutCurve skips a test on a libzmq built without CURVE
// (Debian's has it: transport_test.go checks that).
func skipWithoutCurve(t *testing.T) {
	t.Helper()
	if !zmq.Has("curve") {
		t.Skip("libzmq was built without CURVE")
	}
}

// TestCurveKeypairMatchesLibzmq guards Z85Decode and Z85Encode against
// libzmq's zmq_z85_encode, which wrote the text of 10,000 key pairs of
// NewCurveKeypair: each key decodes to 32 bytes that encode back to the
// same text, and CurvePublic of the secret key, given as text or as its
// 32 bytes, is the public key. No key comes twice.
func TestCurveKeypairMatchesLibzmq(t *testing.T) {
	skipWithoutCurve(t)
	const pairs = 10000
	seen := make(map[string]bool, 2*pairs)
	start := time.Now()
	for range pairs {
		public, secret, err := zmq.NewCurveKeypair()
		if err != nil {
			t.Fatalf("NewCurveKeypair: %v", err)
		}
		var rawSecret []byte
		for _, key := range []string{public, secret} {
			raw, err := zmq.Z85Decode(key)
			if err != nil || len(raw) != 32 {
				t.Fatalf("Z85Decode(%q) = % x, %v; want 32 bytes", key, raw, err)
			}
			if again, err := zmq.Z85Encode(raw); err != nil || again != key {
				t.Fatalf("Z85Encode(Z85Decode(%q)) = %q, %v", key, again, err)
			}
			if seen[key] {
				t.Fatalf("key %q made twice", key)
			}
			seen[key] = true
			rawSecret = raw
		}
		for _, s := range []string{secret, string(rawSecret)} {
			if got, err := zmq.CurvePublic(s); err != nil || got != public {
				t.Fatalf("CurvePublic(%q) = %q, %v; want %q", s, got, err, public)
			}
		}
	}
	t.Logf("%d key pairs made and checked in %v", pairs, time.Since(start).Round(time.Millisecond))
}

// TestZ85MatchesLibzmqCodec guards the codec against libzmq's on 10,000
// random 32-byte values, the extremes first: a CURVE key option set from
// the bytes reads back as 41 bytes with zmq_z85_encode's text and a NUL,
// which must be Z85Encode's; set from Z85Encode's text, libzmq's
// zmq_z85_decode must read back the bytes.
func TestZ85MatchesLibzmqCodec(t *testing.T) {
	skipWithoutCurve(t)
	s := zt.Socket(t, zt.Context(t), zmq.DEALER)
	values := [][]byte{make([]byte, 32), bytes.Repeat([]byte{0xff}, 32)}
	for len(values) < 10000 {
		values = append(values, randomKeyBytes(t, 32))
	}
	for _, raw := range values {
		ours, err := zmq.Z85Encode(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetCurvePublicKey(raw); err != nil {
			t.Fatalf("SetCurvePublicKey(% x): %v", raw, err)
		}
		libzmq, err := s.OptionBytes(rawCurvePublicKey, 41)
		if err != nil || string(libzmq) != ours+"\x00" {
			t.Fatalf("% x: zmq_z85_encode gave %q, %v; Z85Encode %q", raw, libzmq, err, ours)
		}
		if err := s.SetCurveSecretKey([]byte(ours)); err != nil {
			t.Fatalf("SetCurveSecretKey(%q): %v", ours, err)
		}
		if back, err := s.CurveSecretKey(); err != nil || !bytes.Equal(back, raw) {
			t.Fatalf("zmq_z85_decode(%q) = % x, %v; want % x", ours, back, err, raw)
		}
	}
}

func randomKeyBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCurvePublicKnownKeys guards CurvePublic on zmq_curve(7)'s key pairs.
func TestCurvePublicKnownKeys(t *testing.T) {
	skipWithoutCurve(t)
	for _, tc := range []struct{ secret, public string }{
		{string(optClientSecretZ85), string(optClientPublicZ85)},
		{string(optClientSecret), string(optClientPublicZ85)},
		{curveServerSecretZ85, string(optServerPublicZ85)},
	} {
		if got, err := zmq.CurvePublic(tc.secret); err != nil || got != tc.public {
			t.Errorf("CurvePublic(%q) = %q, %v; want %q", tc.secret, got, err, tc.public)
		}
	}
}

// TestCurvePublicInvalid guards the secret keys CurvePublic must refuse
// before libzmq, which decodes up to the first NUL into 32 bytes: wrong
// lengths, bytes outside Z85, a NUL inside, a group above 2^32-1.
func TestCurvePublicInvalid(t *testing.T) {
	good := curveServerSecretZ85
	for _, tc := range []struct{ secret, why string }{
		{"", "0 bytes"},
		{good[:39], "39 bytes"},
		{good + "0", "41 bytes"},
		{good + good, "80 bytes"},
		{good[:35], "35 bytes"},
		{strings.Repeat("a", 31), "31 bytes"},
		{strings.Repeat("a", 33), "33 bytes"},
		{good[:39] + "~", "0x7e at offset 39"},
		{"abcde\x00" + good[6:], "0x00 at offset 5"},
		{good[:10] + "#####" + good[15:], "above 2^32-1"},
		{strings.Repeat("\xff", 40), "0xff at offset 0"},
	} {
		got, err := zmq.CurvePublic(tc.secret)
		zt.MustIs(t, err, zmq.ErrInvalid, "CurvePublic of a bad secret key")
		if got != "" || err == nil || !strings.Contains(err.Error(), "CurvePublic") || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("CurvePublic(%q) = %q, %v; want an error saying %q", tc.secret, got, err, tc.why)
		}
	}
}

// TestCurveWithoutCurve guards the calls on a libzmq without CURVE: an
// error matching ErrNotSupported that says why, but a bad key is still
// refused as such first.
func TestCurveWithoutCurve(t *testing.T) {
	t.Cleanup(zmq.WithoutCurve())
	public, secret, err := zmq.NewCurveKeypair()
	zt.MustIs(t, err, zmq.ErrNotSupported, "NewCurveKeypair without CURVE")
	if public != "" || secret != "" || !strings.Contains(err.Error(), "without CURVE") {
		t.Errorf("NewCurveKeypair() = %q, %q, %v", public, secret, err)
	}
	got, err := zmq.CurvePublic(curveServerSecretZ85)
	zt.MustIs(t, err, zmq.ErrNotSupported, "CurvePublic without CURVE")
	if got != "" {
		t.Errorf("CurvePublic without CURVE = %q", got)
	}
	_, err = zmq.CurvePublic("short")
	zt.MustIs(t, err, zmq.ErrInvalid, "CurvePublic of a bad key without CURVE")
}

// TestCurveKeysHandshake guards keys of NewCurveKeypair in a real CURVE
// handshake over tcp, with the setters' two forms: the server is given
// its secret key as 32 bytes, the client the server's public key as
// CurvePublic's text and its own keys as Z85 text.
func TestCurveKeysHandshake(t *testing.T) {
	skipWithoutCurve(t)
	ctx := zt.Context(t)
	serverPublic, serverSecret, err := zmq.NewCurveKeypair()
	if err != nil {
		t.Fatal(err)
	}
	clientPublic, clientSecret, err := zmq.NewCurveKeypair()
	if err != nil {
		t.Fatal(err)
	}
	rawServerSecret, err := zmq.Z85Decode(serverSecret)
	if err != nil {
		t.Fatal(err)
	}
	derived, err := zmq.CurvePublic(serverSecret)
	if err != nil || derived != serverPublic {
		t.Fatalf("CurvePublic = %q, %v; want %q", derived, err, serverPublic)
	}

	server := zt.Socket(t, ctx, zmq.REP)
	curveStep(t, server.SetCurveServer(true))
	curveStep(t, server.SetCurveSecretKey(rawServerSecret))
	ep := zt.BindLocal(t, server)
	client := zt.Socket(t, ctx, zmq.REQ)
	curveStep(t, client.SetCurveServerKey([]byte(derived)))
	curveStep(t, client.SetCurvePublicKey([]byte(clientPublic)))
	curveStep(t, client.SetCurveSecretKey([]byte(clientSecret)))
	curveStep(t, client.Connect(ep))

	curveStep(t, client.SendString("Hello", 0))
	if got, err := server.RecvString(0); err != nil || got != "Hello" {
		t.Fatalf("server received %q, %v", got, err)
	}
	curveStep(t, server.SendString("World", 0))
	if got, err := client.RecvString(0); err != nil || got != "World" {
		t.Fatalf("client received %q, %v", got, err)
	}
}

// curveStep fails the test at a setup step that went wrong.
func curveStep(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestCurveKeypairConcurrent makes key pairs from several goroutines
// while a context lives: libzmq opens and closes libsodium's random
// source around each call, counted under its own lock.
func TestCurveKeypairConcurrent(t *testing.T) {
	skipWithoutCurve(t)
	zt.Context(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for range 200 {
				public, secret, err := zmq.NewCurveKeypair()
				if err == nil {
					var derived string
					if derived, err = zmq.CurvePublic(secret); err == nil && derived != public {
						t.Errorf("CurvePublic(%q) = %q, want %q", secret, derived, public)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestCurveInteropPython guards agreement with pyzmq on a few keys: its
// pure-Python Z85 (zmq.utils.z85) encodes our data to our text and
// decodes our text to our data, its zmq.curve_public gives our public
// keys, and the key pairs of its zmq.curve_keypair pass our checks.
func TestCurveInteropPython(t *testing.T) {
	skipWithoutCurve(t)
	var in struct {
		Data, Texts, Secrets, Publics []string
	}
	for _, n := range []int{0, 4, 8, 32, 64, 100} {
		data := randomKeyBytes(t, n)
		text, err := zmq.Z85Encode(data)
		if err != nil {
			t.Fatal(err)
		}
		in.Data, in.Texts = append(in.Data, hex.EncodeToString(data)), append(in.Texts, text)
	}
	for range 3 {
		public, secret, err := zmq.NewCurveKeypair()
		if err != nil {
			t.Fatal(err)
		}
		in.Secrets, in.Publics = append(in.Secrets, secret), append(in.Publics, public)
	}
	arg, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	py := startPython(t, `
import json, sys, zmq
from zmq.utils import z85
ours = json.loads(sys.argv[1])
print(json.dumps({
    "Encoded": [z85.encode(bytes.fromhex(h)).decode() for h in ours["Data"]],
    "Decoded": [z85.decode(s.encode()).hex() for s in ours["Texts"]],
    "Publics": [zmq.curve_public(s.encode()).decode() for s in ours["Secrets"]],
    "Pairs": [[k.decode() for k in zmq.curve_keypair()] for _ in range(3)],
}))
`, string(arg))
	var out struct {
		Encoded, Decoded, Publics []string
		Pairs                     [][2]string
	}
	if line := pyLine(t, py); json.Unmarshal([]byte(line), &out) != nil {
		pyFail(t, py, "python printed %q", line)
	}
	py.ExpectExit(t, 0, zt.Limit)

	if !slices.Equal(out.Encoded, in.Texts) || !slices.Equal(out.Decoded, in.Data) || !slices.Equal(out.Publics, in.Publics) {
		t.Errorf("pyzmq disagrees:\nencoded %q\n   ours %q\ndecoded %q\n   ours %q\npublics %q\n   ours %q",
			out.Encoded, in.Texts, out.Decoded, in.Data, out.Publics, in.Publics)
	}
	if len(out.Pairs) != 3 {
		t.Fatalf("pyzmq made %d key pairs, want 3", len(out.Pairs))
	}
	for _, pair := range out.Pairs {
		public, secret := pair[0], pair[1]
		if got, err := zmq.CurvePublic(secret); err != nil || got != public {
			t.Errorf("CurvePublic(pyzmq's %q) = %q, %v; want %q", secret, got, err, public)
		}
		for _, key := range pair {
			raw, err := zmq.Z85Decode(key)
			if again, _ := zmq.Z85Encode(raw); err != nil || len(raw) != 32 || again != key {
				t.Errorf("pyzmq's key %q: Z85Decode = % x, %v; encoded back %q", key, raw, err, again)
			}
		}
	}
}
