// The workbench in Debian's chromium, driven by playwright-core: open the case, ask a hunt, see
// the verifier's finding on a hallucinated column, refine, approve, see the rows and the journal
// verify; the incident summary's citations and a pasted text checked claim by claim; the
// rules' ATT&CK matrix, tests and baseline; dismiss a code-review finding with a reason; the threat model's diagram and open
// decisions; the secrets in the evidence; filter and zoom the timeline; open an
// event. A screenshot of each page is saved.
// Usage: node e2e.mjs URL_WITH_TOKEN ARTIFACT_DIR
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const [url, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const base = new URL(url).origin;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name + '.png'), fullPage: true });
let step = 'start';
try {
  // Without the token: no session, and the page says how to get one.
  const stranger = await browser.newPage();
  await stranger.goto(base + '/');
  await stranger.getByRole('alert').filter({ hasText: 'No session' }).waitFor();
  await stranger.close();

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push('console: ' + m.text()));
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));

  step = 'overview';
  await page.goto(url);
  assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
  await page.getByRole('heading', { name: 'Case overview' }).waitFor();
  await page.getByRole('table', { name: 'tables' }).getByText('SecurityEvent').waitFor();
  await page.getByRole('list', { name: 'alerts by level' }).waitFor();
  await shot(page, '1-overview');

  step = 'hunt: draft';
  await page.getByRole('link', { name: 'Hunt' }).click();
  await page.getByLabel('Question').fill('failed logons for alice');
  await page.getByRole('button', { name: 'Draft' }).click();
  const wrong = page.locator('mark.finding-error', { hasText: 'TargetUserNam' });
  await wrong.waitFor();
  await page.getByText('does not pass the checks').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Approve and run' }).isDisabled(), 'no approval of a failing draft');
  await page.getByRole('list', { name: 'findings' }).getByText('TargetUserName').first().waitFor();
  await shot(page, '2-hunt-finding');

  step = 'hunt: refine and approve';
  await page.getByLabel('refinement').fill('use the column that exists');
  await page.getByRole('button', { name: 'Refine' }).click();
  await page.getByText('passes the checks').waitFor();
  await page.getByRole('button', { name: 'Approve and run' }).click();
  const recorded = page.getByRole('status').filter({ hasText: 'recorded as journal entry' });
  await recorded.waitFor();
  assert.match(await recorded.innerText(), /Approved by E2E Tester, recorded as journal entry 1 \(3 rows/);
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label=rows] tbody tr').length === 3);
  await shot(page, '3-hunt-rows');

  step = 'journal';
  await recorded.getByRole('link', { name: '1' }).click();
  await page.getByRole('status', { name: 'journal verification' }).filter({ hasText: 'Hash chain intact over 1 entries' }).waitFor();
  await page.getByLabel('journal entry').getByText('E2E Tester').first().waitFor();
  await shot(page, '4-journal');

  step = 'incident';
  await page.getByRole('link', { name: 'Incident' }).click();
  const summary = page.getByLabel('incident summary');
  await summary.locator('a.citation').first().waitFor();
  await page.getByLabel('text to check').fill(
    'upd.exe opened lsass.exe on WS01 at 09:31 UTC [E:3000000061].\nupd.exe opened lsass.exe on DC01 at 09:31 UTC [E:3000000061].');
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByRole('list', { name: 'unsupported claims' }).getByText('DC01 (where it happened)', { exact: false }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'supported claims', exact: true }).locator('li').count(), 1);
  await shot(page, '5-incident');
  const cited = summary.locator('a.citation').first();
  const citedId = await cited.innerText();
  await cited.click();
  await page.getByRole('heading', { name: 'Event ' + citedId }).waitFor();
  await page.goBack();

  step = 'rules';
  await page.getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('grid', { name: 'ATT&CK matrix' }).locator('.technique.passing', { hasText: 'T1003.001' }).waitFor();
  await page.getByText(/tests: \d+ passed, 0 failed/).waitFor();
  await page.getByText(/over the budget of/).waitFor();
  await shot(page, '6-rules');

  step = 'code review triage';
  await page.getByRole('link', { name: 'Code review' }).click();
  await page.getByRole('heading', { name: /^Verified/ }).waitFor();
  await page.getByRole('heading', { name: /^Rejected/ }).waitFor();
  const card = page.locator('article.review-finding.verified').first();
  assert.ok(await card.getByRole('button', { name: 'Dismiss' }).isDisabled(), 'no dismissal without a reason');
  await card.getByLabel('reason').fill('sample code, never deployed');
  await card.getByRole('button', { name: 'Dismiss' }).click();
  await card.getByRole('status').filter({ hasText: 'dismissed by E2E Tester: sample code, never deployed' }).waitFor();
  await shot(page, '7-review-triage');

  step = 'threat model and secrets';
  await page.getByRole('link', { name: 'Threat model' }).click();
  await page.getByRole('img', { name: 'data-flow diagram' }).waitFor();
  await page.getByRole('list', { name: 'open decisions' }).locator('li').first().waitFor();
  await shot(page, '8-threat-model');
  await page.getByRole('link', { name: 'Secrets' }).click();
  await page.getByRole('table', { name: 'secrets' }).getByText('aws-access-key-id').first().waitFor();
  await shot(page, '9-secrets');

  step = 'timeline';
  await page.getByRole('link', { name: 'Alerts and timeline' }).click();
  const chart = page.getByRole('img', { name: /histogram/ });
  await chart.waitFor();
  await page.getByRole('table', { name: 'timeline' }).locator('tbody tr').first().waitFor();
  await page.locator('input[name=host]').fill('DC01');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/host=DC01/);
  await page.locator('table[aria-label=timeline][aria-busy=false]').waitFor();
  await page.waitForFunction(() => {
    const hosts = [...document.querySelectorAll('table[aria-label=timeline] tbody tr td:nth-child(2)')].map((td) => td.textContent);
    return hosts.length > 0 && hosts.every((h) => h.startsWith('DC01'));
  });
  await shot(page, '10-timeline-host');
  // Drag across the middle of the chart: the range narrows to what was selected.
  const caption = await page.locator('.histogram figcaption').innerText();
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL(/from=.*to=/);
  await page.waitForFunction((before) => document.querySelector('.histogram figcaption')?.textContent !== before, caption);
  await shot(page, '11-timeline-zoomed');

  step = 'process trees';
  await page.locator('table[aria-label=timeline][aria-busy=false]').waitFor();
  await page.locator('input[name=host]').fill('WS01');
  await page.locator('input[name=from]').fill('');
  await page.locator('input[name=to]').fill('');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL((u) => u.hash.includes('host=WS01') && !u.hash.includes('from='));
  await page.getByRole('link', { name: 'Process trees and sessions' }).click();
  await page.getByRole('list', { name: 'process trees' }).getByText('WINWORD.EXE').first().waitFor();
  await page.getByRole('list', { name: 'logon sessions' }).locator('li').first().waitFor();
  await shot(page, '12-trees');
  await page.getByRole('link', { name: 'Back to the timeline' }).click();
  await page.locator('table[aria-label=timeline][aria-busy=false]').waitFor();

  step = 'event';
  await page.locator('input[name=host]').fill('');
  await page.locator('input[name=from]').fill('');
  await page.locator('input[name=to]').fill('');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL((u) => !u.hash.includes('host=') && !u.hash.includes('from='));
  await page.locator('table[aria-label=timeline][aria-busy=false]').waitFor();
  const first = page.getByRole('table', { name: 'timeline' }).locator('tbody tr').first().locator('td').last().getByRole('link');
  const link = await first.elementHandle();  // the element read is the element clicked
  const eid = await link.innerText();
  await link.click();
  await page.getByRole('heading', { name: 'Event ' + eid }).waitFor();
  await page.getByLabel('provenance').getByText('record').waitFor();
  await shot(page, '13-event');
  assert.deepEqual(problems, [], 'no console errors (a CSP violation shows there)');
  console.log('e2e: all steps passed; screenshots in ' + artifacts);
} catch (e) {
  console.error(`e2e: failed at step "${step}": ${e.message}`);
  for (const ctx of browser.contexts()) {
    for (const p of ctx.pages()) await p.screenshot({ path: path.join(artifacts, 'failed.png'), fullPage: true }).catch(() => {});
  }
  for (const p of problems) console.error('  ' + p);
  process.exitCode = 1;
} finally {
  await browser.close();
}
