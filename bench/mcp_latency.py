#!/usr/bin/env python3
"""MCP latency: tools/list, check_kql and run_kql answered by one running `quarry mcp` over stdio
(round trip from writing the request to reading the answer), against `quarry query` running the
same query as its own process, and `quarry query` against run_kql in a fresh server (process
start, initialize and the call), so both sides pay for the same things.

Usage: bench/mcp_latency.py QUARRY CASE_DIR [QUERY] [ROUNDS]
Defaults: the sample case query `SecurityEvent | where EventID == 4625 | summarize count() by
IpAddress`, 50 rounds. Prints a Markdown table of medians and 95th percentiles in milliseconds.
"""
import json
import statistics
import subprocess
import sys
import time

quarry, case = sys.argv[1], sys.argv[2]
query = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else \
    "SecurityEvent | where EventID == 4625 | summarize count() by IpAddress"
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 50


class Server:
    def __init__(self):
        self.p = subprocess.Popen([quarry, "mcp", "--case", case], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.next_id = 0
        self.call("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                 "clientInfo": {"name": "bench", "version": "1"}})

    def call(self, method, params):
        self.next_id += 1
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method,
                                       "params": params}) + "\n")
        self.p.stdin.flush()
        while True:
            reply = json.loads(self.p.stdout.readline())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    sys.exit(f"{method}: {reply['error']}")
                return reply["result"]

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def row(name, samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"| {name} | {statistics.median(samples):.2f} | {p95:.2f} | {len(samples)} |")
    return statistics.median(samples)


def tool(server, name, args):
    result = server.call("tools/call", {"name": name, "arguments": args})
    if result.get("isError"):
        sys.exit(f"{name}: {result['content'][0]['text'][:300]}")


server = Server()
print("| what | median ms | p95 ms | rounds |")
print("|---|---:|---:|---:|")
row("tools/list (running server)", [timed(lambda: server.call("tools/list", {}))
                                     for _ in range(rounds)])
row("check_kql (running server)", [timed(lambda: tool(server, "check_kql", {"query": query}))
                                    for _ in range(rounds)])
in_server = row("run_kql (running server)",
                [timed(lambda: tool(server, "run_kql", {"query": query})) for _ in range(rounds)])
server.close()
query_process = row("quarry query (a process each)", [
    timed(lambda: subprocess.run([quarry, "query", query, "--case", case], check=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for _ in range(rounds)])


def fresh_server_run():
    s = Server()
    tool(s, "run_kql", {"query": query})
    s.close()


fresh = row("run_kql (a fresh server each: start, initialize, call)",
            [timed(fresh_server_run) for _ in range(rounds)])
print(f"\nrun_kql in a running server: {in_server / query_process * 100:.0f} % of `quarry query`;"
      f" in a fresh server: {(fresh / query_process - 1) * 100:+.0f} % over it")
