#!/usr/bin/env python3
"""Asks a DNS server for the A records of a name over UDP and prints "RCODE address...", or "timeout".

Usage: dns-query.py SERVER NAME

For the Pod runner's tests (run inside a Pod's network namespace, where no resolver library is set up to reach
the cluster DNS). RCODE is the answer's name: NOERROR, NXDOMAIN, SERVFAIL, REFUSED or the number.
"""
import random
import socket
import struct
import sys

RCODES = {0: "NOERROR", 2: "SERVFAIL", 3: "NXDOMAIN", 5: "REFUSED"}


def query(name):
    ident = random.randrange(65536)
    header = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    return ident, header + qname + struct.pack(">HH", 1, 1)


def skip_name(data, offset):
    while True:
        length = data[offset]
        if length == 0:
            return offset + 1
        if length & 0xC0 == 0xC0:
            return offset + 2
        offset += 1 + length


def main():
    server, name = sys.argv[1], sys.argv[2]
    ident, packet = query(name)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    try:
        s.sendto(packet, (server, 53))
        data, _ = s.recvfrom(4096)
    except OSError as e:
        print("timeout" if isinstance(e, socket.timeout) else "error " + str(e))
        return
    rid, flags, qd, an, _, _ = struct.unpack(">HHHHHH", data[:12])
    rcode = flags & 0xF
    offset = 12
    for _ in range(qd):
        offset = skip_name(data, offset) + 4
    addresses = []
    for _ in range(an):
        offset = skip_name(data, offset)
        rtype, _, _, rdlength = struct.unpack(">HHIH", data[offset:offset + 10])
        offset += 10
        if rtype == 1 and rdlength == 4:
            addresses.append(socket.inet_ntoa(data[offset:offset + 4]))
        offset += rdlength
    print(" ".join([RCODES.get(rcode, str(rcode))] + sorted(addresses)))


if __name__ == "__main__":
    main()
