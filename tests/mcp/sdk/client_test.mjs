// client_test.mjs — `quarry mcp` driven over stdio by the official MCP TypeScript SDK client.
//
// Usage: node client_test.mjs QUARRY CASE_DIR [CORPORA]
// Runs once per protocol version a client negotiates with `initialize` (2025-11-25, the SDK's
// own, and 2025-06-18, by rewriting the version the SDK offers): list and call every tool (the
// SDK validates each structuredContent against the tool's outputSchema), read every resource,
// get every prompt, complete, logging, progress and cancellation of a long scan, and the errors
// a client can provoke. CORPORA (../shared/corpora: SigmaHQ's rules, EVTX files) makes a scan
// long enough to report progress and be cancelled; without it those checks are skipped.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { check, connect, expect, finish, note, rawCallTool, readJsonl, resultText, splitFence, REPO } from './lib.mjs';

const [bin, caseDir, corpora] = process.argv.slice(2);
const rulesCorpus = corpora && path.join(corpora, 'sigma', 'rules');
const evtxCorpus = corpora && path.join(corpora, 'evtx');
const jsonCorpus = corpora && path.join(corpora, 'json');
if (!bin || !caseDir) {
  console.error('usage: node client_test.mjs QUARRY CASE_DIR [CORPORA]');
  process.exit(2);
}
const packRules = path.join(REPO, 'rules');
const packRule = path.join(packRules, 'windows', 'lsass_memory_access.yml');
const ruleText = fs.readFileSync(packRule, 'utf8');

// What each tool is called with: valid arguments over the sample case and the rule pack.
const CALLS = {
  list_tables: {},
  describe_table: { table: 'SecurityEvent', top: 3 },
  check_kql: { query: 'SecurityEvent | where EventID == 4625 | summarize count() by IpAddress' },
  run_kql: { query: 'SecurityEvent | summarize n = count() by EventID', max_rows: 5 },
  draft_hunt: { question: 'failed logons by source IP' },
  get_event: { eid: 0 }, // replaced by a real _eid from run_kql below
  alerts: { limit: 5 },
  scan: { rules: [packRules], max_alerts: 5 },
  rules_check: { rules: [packRules] },
  rules_lint: { rule: ruleText },
  rules_test: { rules: [packRules] },
  rules_baseline: { rules: [packRules] },
  convert_rule: { rules: [packRule], to: 'kql' },
  save_rule: { rule: ruleText, name: 'sdk_test_rule', description: 'SDK client test' },
  journal_list: {},
  journal_show: { seq: 1 },
  journal_verify: {},
  record_hunt: { question: 'failed logons by source IP', query: 'SecurityEvent | where EventID == 4625 | summarize n = count() by IpAddress' },
  pending: {},
  timeline: { host: 'WS01', limit: 5 },
  verify_claims: { text: 'Something happened on WS01 [E:3000000000]. Nobody cited this.' },
  summarize_incident: {},
  threat_model_check: { model: path.join(REPO, 'samples', 'threat-models', 'rag-chatbot.yml') },
  threat_model_report: { model: path.join(REPO, 'samples', 'threat-models', 'coding-agent.yml'), format: 'sarif' },
  secrets_scan: { paths: [path.join(REPO, 'tests', 'secrets', 'heldout', 'files')] },
  review_diff: {
    diff: fs.readFileSync(path.join(REPO, 'samples', 'review', 'change.diff'), 'utf8'),
    root: path.join(REPO, 'samples', 'review', 'tree'),
  },
  verify_findings: {
    paths: [path.join(REPO, 'samples', 'review', 'tree')],
    root: path.join(REPO, 'samples', 'review', 'tree'),
    findings: fs.readFileSync(path.join(REPO, 'samples', 'review', 'agent-findings.json'), 'utf8'),
  },
};
// Tools whose call over the sample case may answer isError by design (no journal entry yet).
const MAY_FAIL = new Set(['journal_show']);
const WRITES = new Set(['save_rule', 'record_hunt']);

async function session(version) {
  const caseFiles = () => fs.readdirSync(caseDir).filter((f) => f !== 'audit.jsonl' && f !== 'pending').sort().join(',');
  const before = caseFiles();
  const conn = await connectAt(version);
  return runChecks(conn, version, before, caseFiles);
}

async function connectAt(version) {
  // connect() calls client.connect(), which sends initialize; patch send before that happens.
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const orig = Client.prototype.connect;
  Client.prototype.connect = async function (transport, options) {
    const send = transport.send.bind(transport);
    transport.send = (message, o) => {
      if (message.method === 'initialize') message = { ...message, params: { ...message.params, protocolVersion: version } };
      return send(message, o);
    };
    return orig.call(this, transport, options);
  };
  try {
    return await connect(bin, caseDir, { extraArgs: corpora ? ['--allow-path', corpora, '--allow-path', REPO] : ['--allow-path', REPO], name: `sdk-${version}` });
  } finally {
    Client.prototype.connect = orig;
  }
}

async function runChecks(conn, version, before, caseFiles) {
  const { client } = conn;
  const v = `[${version}]`;
  await check(`${v} negotiated`, async () => {
    expect(conn.negotiated() === version, `server answered ${conn.negotiated()}`);
    const info = client.getServerVersion();
    expect(info?.name === 'quarry', `serverInfo ${JSON.stringify(info)}`);
    const caps = client.getServerCapabilities();
    for (const c of ['tools', 'resources', 'prompts', 'logging', 'completions']) expect(caps?.[c], `capability ${c} missing`);
    return `${info.name} ${info.version}`;
  });

  let tools = [];
  await check(`${v} tools/list`, async () => {
    tools = (await client.listTools()).tools;
    const names = tools.map((t) => t.name).sort();
    expect(JSON.stringify(names) === JSON.stringify(Object.keys(CALLS).sort()), `tools ${names.join(',')}`);
    for (const t of tools) {
      expect(t.inputSchema?.type === 'object', `${t.name}: inputSchema`);
      expect(t.outputSchema?.type === 'object', `${t.name}: outputSchema`);
      const a = t.annotations ?? {};
      expect(a.openWorldHint === false, `${t.name}: openWorldHint`);
      expect(a.destructiveHint === false, `${t.name}: destructiveHint`);
      expect(a.readOnlyHint === !WRITES.has(t.name), `${t.name}: readOnlyHint ${a.readOnlyHint}`);
    }
    return `${tools.length} tools`;
  });

  const first = await client.callTool({ name: 'run_kql', arguments: { query: 'SecurityEvent | project _eid', max_rows: 1 } });
  const eid = first.structuredContent.rows[0][0];
  CALLS.get_event = { eid };
  for (const [name, args] of Object.entries(CALLS)) {
    await check(`${v} tools/call ${name}`, async () => {
      // client.callTool validates structuredContent against the outputSchema from tools/list.
      const r = await client.callTool({ name, arguments: args });
      expect(r.structuredContent && typeof r.structuredContent === 'object', 'no structuredContent');
      const text = resultText(r);
      expect(text.length > 0, 'no text content');
      const fence = splitFence(text);
      expect(fence, 'text rendering is not fenced');
      expect(/instruction/i.test(fence.before), 'no note before the fence that its content is data');
      if (!MAY_FAIL.has(name)) expect(!r.isError, `isError: ${text.slice(0, 300)}`);
      return r.isError ? 'isError (expected here)' : text.split('\n')[0].slice(0, 80);
    });
  }

  await check(`${v} run_kql refuses a hallucinated column with findings`, async () => {
    const r = await rawCallTool(client, 'run_kql', { query: 'SecurityEvent | where SourceIp == "10.0.0.1"' });
    expect(r.isError === true, 'ran');
    const f = r.structuredContent?.findings ?? [];
    expect(typeof r.structuredContent?.error === 'string', 'a refusal without its reason');
    expect(f.some((x) => x.severity === 'error' && /SourceIp/.test(x.message)), `findings ${JSON.stringify(f).slice(0, 300)}`);
  });
  await check(`${v} run_kql caps rows`, async () => {
    const r = await client.callTool({ name: 'run_kql', arguments: { query: 'SecurityEvent', max_rows: 2 } });
    expect(r.structuredContent.row_count === 2 && r.structuredContent.truncated === true, JSON.stringify(r.structuredContent).slice(0, 200));
  });

  await check(`${v} resources`, async () => {
    const list = (await client.listResources()).resources;
    expect(list.length >= 3, `${list.length} resources`);
    for (const res of list) {
      const rr = await client.readResource({ uri: res.uri });
      expect(rr.contents?.[0]?.uri === res.uri && typeof rr.contents[0].text === 'string', `read ${res.uri}`);
    }
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    expect(templates.some((t) => t.uriTemplate.includes('{eid}')), 'event template');
    const ev = await client.readResource({ uri: `quarry://case/event/${CALLS.get_event.eid}` });
    expect(ev.contents[0].text.includes('_source'), 'event resource without provenance');
    return `${list.length} resources, ${templates.length} templates`;
  });
  await check(`${v} unknown resource is an error`, async () => {
    try {
      await client.readResource({ uri: 'quarry://case/nope' });
    } catch (e) {
      expect(e.code === -32002 || e.code === -32602, `code ${e.code}`);
      expect(e.data?.uri === 'quarry://case/nope', `data ${JSON.stringify(e.data)}`);
      return `code ${e.code}`;
    }
    throw new Error('no error');
  });

  await check(`${v} prompts`, async () => {
    const list = (await client.listPrompts()).prompts;
    const names = list.map((p) => p.name).sort();
    expect(JSON.stringify(names) === JSON.stringify(['draft_detection', 'hunt', 'review_ai_output']), names.join(','));
    for (const p of list) {
      const args = Object.fromEntries((p.arguments ?? []).filter((a) => a.required).map((a) => [a.name, 'failed logons']));
      const g = await client.getPrompt({ name: p.name, arguments: args });
      expect(g.messages?.length > 0 && g.messages[0].content.type === 'text', `${p.name}: no messages`);
    }
  });
  await check(`${v} completion of table names`, async () => {
    const c = await client.complete({ ref: { type: 'ref/resource', uri: 'quarry://case/schema/{table}' }, argument: { name: 'table', value: 'Sec' } });
    expect(c.completion.values.includes('SecurityEvent'), JSON.stringify(c.completion));
  });

  await check(`${v} logging`, async () => {
    const seen = [];
    client.setNotificationHandler(z.object({ method: z.literal('notifications/message'), params: z.any() }), (n) => seen.push(n.params));
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'list_tables', arguments: {} });
    expect(seen.length > 0, 'no notifications/message at debug');
    await client.setLoggingLevel('emergency');
    const n = seen.length;
    await client.callTool({ name: 'list_tables', arguments: {} });
    expect(seen.length === n, 'messages above the level');
    return `${n} messages`;
  });

  await check(`${v} errors: unknown method, unknown tool, wrong types, huge and out-of-bounds arguments`, async () => {
    const codeOf = async (p) => {
      try {
        await p;
      } catch (e) {
        return e.code;
      }
      return 'no error';
    };
    expect((await codeOf(client.request({ method: 'nope/nothing', params: {} }, z.object({}).passthrough()))) === -32601, 'unknown method');
    const unknownTool = await codeOf(rawCallTool(client, 'no_such_tool', {}));
    expect(unknownTool === -32602, `unknown tool: ${unknownTool}`);
    const wrongType = await rawCallTool(client, 'run_kql', { query: 42 });
    expect(wrongType.isError === true && /query/.test(resultText(wrongType)), 'wrong type');
    const unknownArg = await rawCallTool(client, 'list_tables', { drop: true });
    expect(unknownArg.isError === true, 'unknown argument');
    const huge = await rawCallTool(client, 'check_kql', { query: 'x'.repeat(1 << 20) }, { timeout: 30000 });
    expect(huge.isError === true && /long|length|characters/i.test(resultText(huge)), `a 1 MiB query: ${resultText(huge).slice(0, 200)}`);
    const range = await rawCallTool(client, 'run_kql', { query: 'SecurityEvent', max_rows: 10 ** 9 });
    expect(range.isError === true, 'max_rows out of range');
    // Outside the allowed folders, existing or not, plainly or by '..': refused alike, so that
    // the errors do not tell what exists there.
    const up = path.relative(caseDir, '/') + '/etc';
    for (const p of ['/etc/passwd', '/etc/no-such-file', path.join(caseDir, up), up, `${caseDir}/../../../../../../../etc/shadow`]) {
      const r = await rawCallTool(client, 'rules_check', { rules: [p] });
      expect(r.isError === true && /allowed|outside|refus/i.test(resultText(r)), `path ${p} not refused: ${resultText(r).slice(0, 200)}`);
    }
    // A symlink inside an allowed folder that points outside it.
    const link = path.join(caseDir, 'sdk-link-out');
    fs.rmSync(link, { force: true });
    fs.symlinkSync('/etc', link);
    const r = await rawCallTool(client, 'scan', { rules: [packRules], paths: [link] });
    fs.rmSync(link, { force: true });
    expect(r.isError === true, 'symlink out of the allowed folders was followed');
    await client.ping();
  });

  if (rulesCorpus) {
    await check(`${v} progress on a long scan`, async () => {
      const progress = [];
      const r = await client.callTool({ name: 'scan', arguments: { rules: [rulesCorpus], max_alerts: 1 } }, undefined, {
        onprogress: (p) => progress.push(p),
        timeout: 300000,
      });
      expect(!r.isError, resultText(r).slice(0, 200));
      expect(progress.length > 0, 'no progress notifications');
      return `${progress.length} progress notifications`;
    });
    await check(`${v} cancellation of a long scan stops it, and the server still serves`, async () => {
      const auditFile = path.join(caseDir, 'audit.jsonl');
      const scans = () => readJsonl(auditFile).filter((a) => a.tool === 'scan' && String(a.client).startsWith(`sdk-${version} `));
      let before = scans().length;
      const started = Date.now();
      // Cancelled as soon as the server says the rules are compiled: the scan is then reading
      // the corpus's EVTX and JSON files, which usually takes longer than a cancel takes to
      // arrive. With warm caches a scan can end first (a race, not a fault): up to three tries.
      let aborted = false;
      let tries = 0;
      while (!aborted && tries < 3) {
        tries += 1;
        // Only the try that was cancelled counts: an earlier one that ended first has its own
        // audit line ('ok'), which must not be read as the cancelled scan's.
        before = scans().length;
        const ac = new AbortController();
        // No max_alerts: a scan that stops at its first alert can end before the cancel arrives.
        const call = client.callTool({ name: 'scan', arguments: { rules: [rulesCorpus], paths: [evtxCorpus, jsonCorpus] } }, undefined, {
          signal: ac.signal,
          timeout: 600000,
          onprogress: (p) => {
            if (/compiled/.test(p.message ?? '')) ac.abort('the person cancelled');
          },
        });
        // A scan of files the case already holds can end within a second: a later try also
        // cancels on a timer, while the rules are still being compiled.
        const timer = tries > 1 ? setTimeout(() => ac.abort('the person cancelled'), 50 * (tries - 1)) : undefined;
        try {
          await call;
        } catch {
          aborted = true;
        }
        clearTimeout(timer);
      }
      expect(aborted, `the scan ended before it was cancelled, ${tries} times (${Date.now() - started} ms): not long enough to test`);
      const t1 = Date.now();
      await client.ping();
      const r = await client.callTool({ name: 'list_tables', arguments: {} });
      expect(!r.isError, 'list_tables after cancel');
      const answered = Date.now() - t1;
      // The server stops the work (the audit says cancelled) instead of letting it run on.
      let last;
      for (let i = 0; i < 300 && !last; i++) {
        last = scans().slice(before).pop();
        if (!last) await new Promise((res) => setTimeout(res, 100));
      }
      expect(last, 'no audit line for the cancelled scan within 30 s: it ran on');
      expect(last.outcome === 'cancelled', `audit outcome ${last.outcome}`);
      return `ping and a call answered ${answered} ms after the cancel; the scan stopped after ${last.duration_ms} ms`;
    });
  } else {
    note(`${v} progress and cancellation`, 'skipped: no RULES_CORPUS given');
  }

  await check(`${v} nothing in the case changed but audit and pending`, async () => {
    expect(caseFiles() === before, `case files now ${caseFiles()}`);
    const audit = readJsonl(path.join(caseDir, 'audit.jsonl')).filter((a) => String(a.client).startsWith(`sdk-${version} `));
    expect(audit.length >= Object.keys(CALLS).length, `${audit.length} audit lines for this client`);
    return `${audit.length} audit lines`;
  });
  await client.close();
}

for (const version of ['2025-11-25', '2025-06-18']) {
  await session(version);
}
finish('sdk client');
