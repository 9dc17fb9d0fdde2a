"""Render worker: receives jobs from the scheduler over TCP and runs them.

Frame format: 4-byte big-endian length, then the serialized job.
In production WORKER_HOST is the worker's address on the shared build network.
"""
import os
import pickle
import socketserver
import struct

HOST = os.environ.get("WORKER_HOST", "127.0.0.1")
MAX_FRAME = 1 << 20


def run_job(job):
    kind = job.get("kind")
    if kind == "thumbnail":
        return {"ok": True, "out": f"{job['src']}.thumb.png"}
    if kind == "ping":
        return {"ok": True}
    return {"ok": False, "error": f"unknown job kind {kind!r}"}


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("peer closed")
        buf += chunk
    return buf


class JobHandler(socketserver.BaseRequestHandler):
    def handle(self):
        (length,) = struct.unpack(">I", _recv_exact(self.request, 4))
        if length > MAX_FRAME:
            return
        payload = _recv_exact(self.request, length)
        job = pickle.loads(payload)
        result = pickle.dumps(run_job(job))
        self.request.sendall(struct.pack(">I", len(result)) + result)


if __name__ == "__main__":
    with socketserver.ThreadingTCPServer((HOST, 7070), JobHandler) as srv:
        srv.serve_forever()
