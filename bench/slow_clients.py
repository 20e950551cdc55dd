#!/usr/bin/env python3
"""Hold N slow clients open against a server on loopback until killed (bench/serve_load.sh).

Half the connections send nothing; the other half send a request line and then one header
line every 2 s, never finishing the head. A connection the server closes is reopened after
a second, so the pressure lasts as long as the load test. Loopback addresses only.
"""
import socket
import sys
import time

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
assert host in ("127.0.0.1", "localhost", "::1"), "loopback only"


def open_one(i):
    try:
        s = socket.create_connection((host, port), timeout=2)
        s.setblocking(False)
        if i % 2:
            s.send(b"GET / HTTP/1.1\r\nHost: slow\r\n")
        return s
    except OSError:
        return None


conns = [open_one(i) for i in range(count)]
print(f"slow clients: {sum(c is not None for c in conns)} open", file=sys.stderr, flush=True)
tick = 0
while True:
    time.sleep(1)
    tick += 1
    for i, s in enumerate(conns):
        if s is None:
            conns[i] = open_one(i)
            continue
        try:
            data = s.recv(4096)
            if data == b"":
                raise OSError("closed")
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            conns[i] = None
            continue
        if i % 2 and tick % 2 == 0:
            try:
                s.send(b"X-Slow: %d\r\n" % tick)
            except OSError:
                s.close()
                conns[i] = None
