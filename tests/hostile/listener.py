#!/usr/bin/env python3
"""A loopback listener that records every connection made to it.

The hostile tests point every URL they plant (external DTDs, entities,
document() calls, images, imports) at this listener, then assert that it saw
nothing: declc must never try the network.

It binds 127.0.0.1 only (never another interface), on a port the kernel
chooses, and stops by itself: when the test calls stop(), or after LIFETIME
seconds in any case, so a crashed test cannot leave it behind.

As a program (for trying things by hand):

    listener.py [SECONDS]     prints the port, then one line per connection
"""
import socket
import sys
import threading
import time


class Listener:
    def __init__(self, lifetime=300.0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = []          # (time, first bytes received)
        self.deadline = time.monotonic() + lifetime
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path="x"):
        return f"http://127.0.0.1:{self.port}/{path}"

    def _serve(self):
        while not self._stop.is_set() and time.monotonic() < self.deadline:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            conn.settimeout(1.0)
            try:
                data = conn.recv(512)
            except OSError:
                data = b""
            self.connections.append((time.time(), data))
            try:
                conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            conn.close()
        self.sock.close()

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=2)
        return self.connections


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    lst = Listener(lifetime=seconds)
    print(lst.port, flush=True)
    seen = 0
    while time.monotonic() < lst.deadline:
        time.sleep(0.2)
        while seen < len(lst.connections):
            print("connection:", lst.connections[seen][1][:80], flush=True)
            seen += 1
    lst.stop()


if __name__ == "__main__":
    main()
