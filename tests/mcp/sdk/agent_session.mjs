// agent_session.mjs — the agent's half of agent/agent_session_test.sh: what Claude Code or Cursor
// does through `quarry mcp` when a person asks for a hunt.
//
// Usage: node agent_session.mjs QUARRY CASE_DIR
// 1. draft_hunt for the question (the built-in assistant's draft, checked);
// 2. the agent writes its own query with a column it made up (SourceIp): check_kql finds it and
//    names the real column, which the agent takes from the finding (not from this script);
// 3. the corrected query runs with run_kql;
// 4. record_hunt creates a pending item and writes nothing: the journal stays empty.
// Prints `PENDING <id>` for the shell half, which approves it in a terminal.
import { check, connect, expect, failureCount, resultText } from './lib.mjs';

const [bin, caseDir] = process.argv.slice(2);
const question = 'failed logons by source IP';
const conn = await connect(bin, caseDir, { name: 'agent-session' });
const { client } = conn;
const call = async (name, args) => client.callTool({ name, arguments: args });

let draft;
await check('draft_hunt drafts a checked query', async () => {
  const r = await call('draft_hunt', { question });
  expect(!r.isError, resultText(r).slice(0, 300));
  draft = r.structuredContent;
  expect(typeof draft.query === 'string' && draft.query.length > 0, `no query: ${JSON.stringify(draft).slice(0, 300)}`);
  return draft.query;
});

const hallucinated = 'SecurityEvent | where EventID == 4625 | summarize Failures = count() by SourceIp | sort by Failures desc';
let corrected;
await check('check_kql finds the hallucinated column and names the real one', async () => {
  const r = await call('check_kql', { query: hallucinated });
  const findings = r.structuredContent.findings ?? [];
  const bad = findings.find((f) => f.severity === 'error' && f.message.includes('SourceIp'));
  expect(bad, `no error finding on SourceIp: ${JSON.stringify(findings).slice(0, 400)}`);
  const columns = (await call('describe_table', { table: 'SecurityEvent', top: 0 })).structuredContent.columns.map((c) => c.column);
  const named = columns.filter((c) => c !== 'SourceIp' && `${bad.suggestion ?? ''} ${bad.message}`.includes(c));
  expect(named.length > 0, `the finding names no real column: ${JSON.stringify(bad)}`);
  corrected = hallucinated.replace('SourceIp', named[0]);
  return `${bad.code}: ${bad.message} -> ${named[0]}`;
});

await check('run_kql refuses the hallucinated query and runs the corrected one', async () => {
  const refused = await call('run_kql', { query: hallucinated });
  expect(refused.isError === true, 'the hallucinated query ran');
  const r = await call('run_kql', { query: corrected });
  expect(!r.isError, resultText(r).slice(0, 300));
  expect(r.structuredContent.row_count > 0, 'no rows');
  return `${r.structuredContent.row_count} rows`;
});

let pendingId;
await check('record_hunt creates a pending item and writes nothing', async () => {
  const r = await call('record_hunt', { question, query: corrected, explanation: 'Failed logons (4625) counted per source address' });
  expect(!r.isError, resultText(r).slice(0, 300));
  pendingId = r.structuredContent.pending_id;
  expect(r.structuredContent.state === 'pending', `state ${r.structuredContent.state}`);
  const journal = await call('journal_list', {});
  expect((journal.structuredContent.entries ?? []).length === 0, 'the journal changed before approval');
  return `pending item ${pendingId}`;
});
await client.close();
if (failureCount() === 0) console.log(`PENDING ${pendingId}`);
process.exit(failureCount() ? 1 : 0);
