#!/usr/bin/env node
// auth_proxy.mjs — a tiny reverse proxy that adds `Authorization: Bearer TOKEN` to every request.
//
// Why: the MCP conformance suite (server mode) cannot send an Authorization header, but
// `quarry mcp --http` requires one. The proxy forwards everything else unchanged — method, path,
// every header including Host and Origin (so the suite's DNS-rebinding checks reach the server
// as sent), the body, and the response streamed back chunk by chunk (SSE included). When the
// client goes away before the response ends (e.g. it closes an SSE stream), the upstream request
// is aborted too, so "closing the stream" still means the same thing to the server.
//
// Usage: QUARRY_MCP_TOKEN=... node auth_proxy.mjs --target 127.0.0.1:PORT [--listen PORT]
// Prints `auth_proxy listening on http://127.0.0.1:PORT` on stdout once it accepts connections.
import http from 'node:http';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const target = opt('--target');
const listenPort = Number(opt('--listen', '0'));
const token = process.env.QUARRY_MCP_TOKEN;
if (!target || !token) {
  console.error('usage: QUARRY_MCP_TOKEN=... node auth_proxy.mjs --target HOST:PORT [--listen PORT]');
  process.exit(2);
}
const [targetHost, targetPort] = target.split(':');

// Hop-by-hop headers are about one connection; Node sets its own for each side.
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function copyHeaders(raw, extra = {}) {
  const out = {};
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i];
    const lk = k.toLowerCase();
    if (HOP.has(lk) || lk in extra) continue;
    if (out[k] === undefined) out[k] = raw[i + 1];
    else out[k] = [].concat(out[k], raw[i + 1]);
  }
  return Object.assign(out, Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)));
}

const server = http.createServer((req, res) => {
  const headers = copyHeaders(req.rawHeaders, { authorization: `Bearer ${token}` });
  const upstream = http.request(
    { host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers, setHost: false },
    (up) => {
      res.writeHead(up.statusCode, up.statusMessage, copyHeaders(up.rawHeaders));
      res.flushHeaders();
      up.on('data', (chunk) => res.write(chunk));
      up.on('end', () => res.end());
      up.on('error', () => res.destroy());
    },
  );
  upstream.on('error', (e) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`auth_proxy: upstream error: ${e.message}\n`);
    } else {
      res.destroy();
    }
  });
  req.pipe(upstream);
  // The client went away before the response finished: abort the upstream request as well.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
});
server.keepAliveTimeout = 5000;
server.listen(listenPort, '127.0.0.1', () => {
  console.log(`auth_proxy listening on http://127.0.0.1:${server.address().port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 500).unref();
  });
}
