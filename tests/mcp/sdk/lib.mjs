// lib.mjs — shared helpers for the Node end-to-end tests of `quarry mcp`.
//
// - connect(): the official SDK Client over StdioClientTransport, recording the negotiated
//   protocol version and every raw JSON-RPC message the server sent (for "never appears
//   anywhere in the response" checks).
// - Checks: check()/expect() print one line per check (PASS/FAIL/NOTE) and finish() exits 1
//   if any check failed.
// - Fence helpers for the `<<<UNTRUSTED-DATA-<nonce>` … `UNTRUSTED-DATA-<nonce>>>>` block.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');

// ---------------------------------------------------------------------------------------------
// Checks
let failures = 0;
let passes = 0;
export function pass(name, detail = '') {
  passes++;
  console.log(`PASS  ${name}${detail ? ` — ${detail}` : ''}`);
}
export function fail(name, detail) {
  failures++;
  console.log(`FAIL  ${name} — ${detail}`);
}
export function note(name, detail) {
  console.log(`NOTE  ${name} — ${detail}`);
}
export class CheckError extends Error {}
export function expect(cond, message) {
  if (!cond) throw new CheckError(message);
}
/** Runs fn; PASS if it returns (its string result is shown), FAIL with the error otherwise. */
export async function check(name, fn) {
  try {
    const detail = await fn();
    pass(name, typeof detail === 'string' ? detail : '');
    return true;
  } catch (e) {
    const msg = e instanceof CheckError ? e.message : `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}${e?.code !== undefined ? ` (code ${e.code})` : ''}`;
    fail(name, msg);
    return false;
  }
}
export function finish(label) {
  console.log(`\n${label}: ${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}
export function failureCount() {
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Connecting
/**
 * Starts `quarry mcp --case CASE ...extraArgs` and connects the SDK client to it.
 * Returns { client, transport, negotiated: () => version, raw: [] (every server->client message, as JSON text), stderr: () => text }.
 */
export async function connect(bin, caseDir, { extraArgs = [], cwd = caseDir, name = 'quarry-e2e', capabilities = {} } = {}) {
  const transport = new StdioClientTransport({
    command: bin,
    args: ['mcp', '--case', caseDir, ...extraArgs],
    cwd,
    stderr: 'pipe',
    env: { ...process.env },
  });
  let stderrText = '';
  transport.stderr?.on('data', (d) => {
    stderrText += d.toString();
  });
  const state = { version: undefined, raw: [] };
  // The SDK calls setProtocolVersion (if present) with the version the server answered.
  transport.setProtocolVersion = (v) => {
    state.version = v;
  };
  // Record every message the server sends before the SDK sees it.
  let inner;
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => inner && ((m, extra) => inner(m, extra)),
    set: (fn) => {
      inner = fn && ((m, extra) => {
        state.raw.push(JSON.stringify(m));
        return fn(m, extra);
      });
    },
  });
  const client = new Client({ name, version: '1.0.0' }, { capabilities });
  await client.connect(transport);
  return {
    client,
    transport,
    negotiated: () => state.version,
    raw: state.raw,
    stderr: () => stderrText,
  };
}

/** tools/call without the SDK's outputSchema validation (client.request with the plain result schema). */
export async function rawCallTool(client, name, args, options) {
  return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, options);
}

// ---------------------------------------------------------------------------------------------
// Untrusted-data fence
const FENCE_RE = /<<<UNTRUSTED-DATA-([0-9a-f]{8,})\n([\s\S]*?)\nUNTRUSTED-DATA-\1>>>/;
/** Splits a tool result's text into {before, nonce, inside, after}; null when there is no fence. */
export function splitFence(text) {
  const m = FENCE_RE.exec(text);
  if (!m) return null;
  return { before: text.slice(0, m.index), nonce: m[1], inside: m[2], after: text.slice(m.index + m[0].length) };
}
export function resultText(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Case files
export function readJsonl(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
