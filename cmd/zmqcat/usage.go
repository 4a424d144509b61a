package main

// usage is what --help prints; the package comment says the same for go doc.
const usage = `zmqcat sends and receives ZeroMQ messages from the shell.

Usage:
  zmqcat -t TYPE (-b EP | -c EP)... [flags]

TYPE is pub, sub, push, pull, req, rep, dealer, router or pair:
  pub, push             send the input (-m, or standard input a line at a time), then exit
  sub, pull             print the messages that arrive
  req                   send each input message and print its reply
  rep                   print each request and answer it: with --echo, with the
                        request itself; else with the next input message (the -m
                        list is repeated)
  dealer, router, pair  send the input and print what arrives, at the same time
                        (with --echo, send back what arrives)

Flags:
  -t, --type TYPE           the socket type (required)
  -b, --bind EP[,EP...]     bind to the endpoints (repeatable)
  -c, --connect EP[,EP...]  connect to the endpoints (repeatable)
  -s, --subscribe PREFIX    sub: subscribe to PREFIX (repeatable; default: everything)
  -m, --message TEXT        a message to send instead of reading standard input
                            (repeatable; sent in order, repeated to make up --count)
  --echo                    rep, dealer, router, pair: send back each message received
  --multipart               split each input line (and -m) into frames at --delim
  --delim D                 the frame delimiter, in input and output (default "|")
  --raw                     binary messages in the length-prefixed form, in and out
  --hex                     print every frame in hex
  -n, --count N             stop after N messages: received (sub, pull, req's replies,
                            dealer, router, pair), sent (pub, push), answered (rep)
  --timeout D               give up after D (e.g. 500ms, 5s)
  --interval D              wait D between two messages sent (a pub for late subscribers)
  --linger D                after a complete run, how long unsent messages may wait
                            for their peer (default 1s; -1 = for ever); a run stopped
                            by --timeout or a signal drops them at once
  -h, --help                this help

CURVE security (keys are 40 characters of Z85 text):
  --curve-server-secret KEY  be a CURVE server with this secret key; its public
                             key, which clients need, is printed on stderr
  --curve-allow KEY[,KEY...] with --curve-server-secret: only clients with these
                             public keys may connect (repeatable). Without it, every
                             client that knows the server's public key may.
  --curve-server-key KEY     be a CURVE client of the server with this public key
  --curve-secret KEY         with --curve-server-key: the client's secret key (its
                             public key, which the server allows, is derived)

Output: one message a line, frames separated by --delim. A frame that is not
valid UTF-8, or holds control characters other than tab, is printed as 0x
and its bytes in hex (0x00ff10); --hex prints every frame so.

--raw form of a message: a 4-byte big-endian frame count (at least 1), then
each frame as a 4-byte big-endian length followed by its bytes; messages
follow each other with nothing in between.

Exit status: 0 when the expected messages came through (--count of them;
without --count: all the input for pub, push and req, at least one message
for the others when --timeout or Ctrl-C stops them); 1 on timeout, Ctrl-C,
input that ended with fewer, or a failure; 2 for a usage error (bad flag,
type or endpoint; malformed --raw input).

A connecting push or pub has ZMQ_IMMEDIATE set: it waits for a live peer
(up to --timeout) instead of queuing for one that is not there. Binding a wildcard endpoint prints the endpoint it got on
stderr ("zmqcat: bound to tcp://127.0.0.1:41234").

Examples:
  zmqcat -t sub -c tcp://localhost:5556 -s "10001 " --count 5   # is wuserver alive?
  zmqcat -t push -c tcp://localhost:5557 < lines.txt
  zmqcat -t rep -b 'tcp://*:5555' --echo
  zmqcat -t req -c tcp://localhost:5555 -m hello --timeout 5s
  zmqcat -t pull -b 'tcp://127.0.0.1:*' --count 10 --raw > messages.bin
  zmqcat -t dealer -c tcp://localhost:5559 --multipart -m '|Hello' --count 1
  zmqcat -t rep -b 'tcp://*:5555' --echo --curve-server-secret "$SECRET" --curve-allow "$CLIENT"
  zmqcat -t req -c tcp://server:5555 -m hi --curve-server-key "$SERVER" --curve-secret "$MINE"
`
