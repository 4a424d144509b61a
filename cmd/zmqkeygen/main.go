// Command zmqkeygen prints a new CURVE key pair, as libzmq's curve_keygen
// tool does: a few lines on what the keys are, then each key under its
// header, as 40 characters of Z85 text (RFC 32).
//
// Usage:
//
//	zmqkeygen
//
// The output has the layout of curve_keygen's, so that what reads one
// reads the other:
//
//	(a paragraph on the keys)
//
//	== CURVE PUBLIC KEY ==
//	Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID
//
//	== CURVE SECRET KEY ==
//	D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs
//
// The key pair comes from libzmq's zmq_curve_keypair (zmq.NewCurveKeypair).
// The secret key belongs to the one socket that uses it (SetCurveSecretKey)
// and must stay secret; the public key goes to its peers: a client's
// SetCurveServerKey, or the list of keys a server's authenticator allows.
//
// Exit status: 0 when the keys are printed; 1, with a message on standard
// error, when libzmq was built without CURVE (curve_keygen also exits 1
// then) or the keys cannot be made; 2 for any argument, as it takes none
// (-h or --help prints this usage and exits 0).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/zmqgo/zmq"
)

const usage = `usage: zmqkeygen

Prints a new CURVE key pair as Z85 text, as libzmq's curve_keygen does:
the public key under "== CURVE PUBLIC KEY ==", the secret key under
"== CURVE SECRET KEY ==". It takes no arguments.
`

// intro says what the keys are for, where curve_keygen says it too.
const intro = `This is a new CurveZMQ key pair: two keys of 32 bytes each, printed as
Z85 text (ZeroMQ RFC 32) for configuration files and source code. Keep the
secret key with the one party that owns the pair, and give the public key
(securely!) to the peers that connect to it.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, zmq.NewCurveKeypair))
}

// run is the whole command, with the key pair's source as a parameter so
// that the tests can see the failures of a libzmq without CURVE.
func run(args []string, stdout, stderr io.Writer, keypair func() (string, string, error)) int {
	if len(args) > 0 {
		if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "zmqkeygen: unexpected argument %q: zmqkeygen takes none (see zmqkeygen --help)\n", args[0])
		return 2
	}
	public, secret, err := keypair()
	if err != nil {
		if errors.Is(err, zmq.ErrNotSupported) {
			fmt.Fprintln(stderr, "zmqkeygen: this libzmq was built without CURVE: CURVE keys need a libzmq built with libsodium (as Debian's libzmq5 is)")
		} else {
			fmt.Fprintf(stderr, "zmqkeygen: %v\n", err)
		}
		return 1
	}
	_, err = fmt.Fprintf(stdout, "%s\n== CURVE PUBLIC KEY ==\n%s\n\n== CURVE SECRET KEY ==\n%s\n", intro, public, secret)
	if err != nil {
		// The secret key may be half written; say so rather than exit 0.
		fmt.Fprintf(stderr, "zmqkeygen: writing the keys: %v\n", err)
		return 1
	}
	return 0
}
