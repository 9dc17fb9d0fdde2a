import { useEffect, useState } from 'preact/hooks';
import { Finding, get, post, Session } from '../api';
import { Failure, Table } from '../components/Table';

interface RuleRef {
  rule: string;
  id: string;
  path: string;
}
interface TestReport {
  rules: (RuleRef & { passed: boolean; failures: unknown[] })[];
  untested: RuleRef[];
  passed: number;
  failed: number;
}
interface LintReport {
  rules: (RuleRef & { findings: Finding[] })[];
  errors: number;
  warnings: number;
}
interface BaselineReport {
  rules: (RuleRef & { alerts: number; per_day: { median: number; p95: number; max: number }; over_budget: boolean })[];
  budget: string;
  over_budget: number;
}
interface Coverage {
  tactics: { id: string; name: string; shortname: string; techniques: number; covered: number; rules: number }[];
  techniques: { id: string; name: string; tactics: string[]; rules: number; tested: number; passing: number; active: number }[];
  rules: (RuleRef & { level: string; techniques: string[]; tested: boolean; passing: boolean; active: boolean; case_events?: number })[];
}

// A technique's colour: every rule passes its tests; some rule is untested; some fails; or no
// rule has events in this case.
function state(t: Coverage['techniques'][number]): string {
  if (t.active === 0) return 'inactive';
  if (t.tested < t.rules) return 'untested';
  if (t.passing < t.tested) return 'failing';
  return 'passing';
}

function Matrix(props: { coverage: Coverage }) {
  return (
    <div class="matrix" role="grid" aria-label="ATT&CK matrix">
      {props.coverage.tactics.map((tactic) => {
        const techniques = props.coverage.techniques.filter((t) => t.tactics.includes(tactic.shortname));
        return (
          <div class="tactic" role="row">
            <h3 title={tactic.id}>
              {tactic.name}
              <span class="muted"> {tactic.covered}/{tactic.techniques}</span>
            </h3>
            {techniques.map((t) => (
              <div class={'technique ' + state(t)} role="gridcell" title={`${t.rules} rules, ${t.tested} tested, ${t.passing} passing, ${t.active} with events here`}>
                <code>{t.id}</code> {t.name}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

export function RulesPage(props: { session: Session }) {
  const rules = props.session.rules;
  const [tests, setTests] = useState<TestReport | null>(null);
  const [lint, setLint] = useState<LintReport | null>(null);
  const [baseline, setBaseline] = useState<BaselineReport | null>(null);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (rules.length === 0) return;
    const fail = (e: Error) => setError(e.message);
    get<Coverage>('/api/rules/coverage').then(setCoverage, fail);
    post<TestReport>('/api/rules/test', { rules }).then(setTests, fail);
    post<LintReport>('/api/rules/lint', { rules }).then(setLint, fail);
    post<BaselineReport>('/api/rules/baseline', { rules }).then(setBaseline, fail);
  }, []);
  if (rules.length === 0) {
    return (
      <section>
        <h1>Rules</h1>
        <p>No rule pack. Start the server with <code>--rules DIR</code> to see its tests, lint, baseline and ATT&CK coverage.</p>
      </section>
    );
  }
  const byId = <T extends RuleRef>(list?: T[]) => new Map((list ?? []).map((r) => [r.id + r.path, r]));
  const test = byId(tests?.rules);
  const untested = byId(tests?.untested);
  const linted = byId(lint?.rules);
  const base = byId(baseline?.rules);
  return (
    <section>
      <h1>Rules</h1>
      <p class="summary">
        {rules.join(', ')}: {coverage ? `${coverage.rules.length} rules` : '…'}
        {tests ? `; tests: ${tests.passed} passed, ${tests.failed} failed, ${tests.untested.length} untested` : ''}
        {lint ? `; lint against the case: ${lint.errors} errors, ${lint.warnings} warnings` : ''}
        {baseline ? `; ${baseline.over_budget} over the budget of ${baseline.budget}` : ' (baseline running…)'}
      </p>
      <Failure error={error} />
      {coverage && (
        <>
          <h2>ATT&CK coverage</h2>
          <p class="legend">
            <span class="technique passing">tested and passing</span> <span class="technique untested">a rule untested</span>{' '}
            <span class="technique failing">a test fails</span> <span class="technique inactive">no events in this case</span>
          </p>
          <Matrix coverage={coverage} />
        </>
      )}
      <h2>Each rule</h2>
      <Table
        label="rules"
        columns={['rule', 'level', 'techniques', 'tests', 'lint', 'alerts (per day p95)', 'events here']}
        rows={(coverage?.rules ?? []).map((r) => {
          const key = r.id + r.path;
          const t = test.get(key);
          const l = linted.get(key);
          const b = base.get(key);
          const lintErrors = l?.findings.filter((f) => f.severity === 'error').length ?? 0;
          return [
            <span title={r.path}>{r.rule}</span>,
            r.level,
            r.techniques.join(', '),
            t ? <span class={t.passed ? 'ok' : 'bad'}>{t.passed ? 'pass' : 'FAIL'}</span> : untested.has(key) ? <span class="warn">untested</span> : '…',
            l ? (
              <span class={lintErrors ? 'bad' : l.findings.length ? 'warn' : 'ok'} title={l.findings.map((f) => f.message).join('\n')}>
                {l.findings.length ? `${lintErrors} errors, ${l.findings.length - lintErrors} warnings` : 'clean'}
              </span>
            ) : (
              '…'
            ),
            b ? <span class={b.over_budget ? 'bad' : ''}>{b.alerts} ({b.per_day.p95})</span> : baseline ? <span class="muted" title="not in the baseline (informational rules are not baselined)">—</span> : '…',
            r.case_events ?? '',
          ];
        })}
      />
    </section>
  );
}
