#!/usr/bin/env python3
"""Forwards TCP connections made inside a network namespace to an address outside it.

Usage: netns-forward.py NETNS LISTEN_IP:PORT TARGET_IP:PORT

The Pod runner (src/test/java/dev/slipway/testing/PodRunner.java) gives each Pod a network namespace of its own in
which the Kubernetes Service address (10.96.0.1:443) exists, while the harness's API server listens on 127.0.0.1 of
the test's own namespace. This process opens its listening socket inside NETNS (setns(2) on its main thread, then
back: a socket keeps the namespace it was made in) and connects each accepted connection to TARGET from the original
namespace, so the traffic never leaves the machine's loopback and the namespaces the runner created.
Prints "listening" on stdout once the socket is bound.
"""
import ctypes
import os
import socket
import sys
import threading

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(conn, target):
    try:
        upstream = socket.create_connection(target, timeout=10)
        upstream.settimeout(None)
    except OSError:
        conn.close()
        return
    threading.Thread(target=pipe, args=(conn, upstream), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, conn), daemon=True).start()


def main():
    netns, listen, target = sys.argv[1], address(sys.argv[2]), address(sys.argv[3])
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    inside = os.open("/var/run/netns/" + netns, os.O_RDONLY)
    setns(inside)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(listen)
    server.listen(64)
    setns(home)
    print("listening", flush=True)
    while True:
        conn, _ = server.accept()
        serve(conn, target)


if __name__ == "__main__":
    main()
