import { useEffect, useState } from 'preact/hooks';
import { get, post, Session } from '../api';
import { Failure } from '../components/Table';
import { Route } from '../router';

interface ReviewFinding {
  file: string;
  line: number;
  end_line: number;
  cwe: string;
  owasp: string;
  severity: string;
  message: string;
  evidence: string;
  engine: string;
  engines?: { engine: string; message: string }[];
  status: 'verified' | 'needs_human' | 'rejected';
  reasons: { code: string; text: string }[];
  fingerprint: string;
  triage?: { decision: string; reason: string; by: string };
}

interface ReportSummary {
  report: number;
  path: string;
  findings?: number;
  undecided?: number;
  error?: string;
}

const order = ['verified', 'needs_human', 'rejected'] as const;
const titles: Record<string, string> = {
  verified: 'Verified: the lines say what the finding claims',
  needs_human: 'Needs a person: something that looks like the check was found, or the claim cannot be settled',
  rejected: 'Rejected: the finding does not hold against the code',
};

function FindingCard(props: { f: ReviewFinding; report: number; readOnly: boolean; onDecided: (f: ReviewFinding) => void }) {
  const { f } = props;
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const decide = async (decision: string) => {
    setError('');
    try {
      const r = await post<{ finding: ReviewFinding }>(`/api/reviews/${props.report}/triage`, {
        fingerprint: f.fingerprint,
        decision,
        reason,
      });
      props.onDecided(r.finding);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <article class={'review-finding ' + f.status} aria-label={`${f.file}:${f.line} ${f.cwe}`}>
      <header>
        <code>{f.file}:{f.line}{f.end_line > f.line ? '–' + f.end_line : ''}</code> <strong>{f.cwe}</strong> {f.owasp}{' '}
        <span class="muted">{f.engine}{f.engines && f.engines.length > 1 ? ` (+${f.engines.length - 1} engines)` : ''}</span>
      </header>
      <p>{f.message}</p>
      {f.evidence && <pre class="evidence">{f.evidence}</pre>}
      {f.reasons.length > 0 && <ul class="reasons">{f.reasons.map((r) => <li><code>{r.code}</code> {r.text}</li>)}</ul>}
      {f.triage ? (
        <p class="decided" role="status">
          {f.triage.decision} by {f.triage.by}{f.triage.reason ? `: ${f.triage.reason}` : ''}
        </p>
      ) : (
        f.status !== 'rejected' && (
          <div class="actions">
            <button disabled={props.readOnly} onClick={() => decide('confirmed')}>Confirm</button>
            <input aria-label="reason" placeholder="reason (required to dismiss)" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            <button disabled={props.readOnly || !reason.trim()} onClick={() => decide('dismissed')}>Dismiss</button>
            <button disabled={props.readOnly} onClick={() => decide('deferred')}>Defer</button>
          </div>
        )
      )}
      <Failure error={error} />
    </article>
  );
}

export function ReviewPage(props: { route: Route; session: Session }) {
  const n = Number(props.route.params.get('report') ?? '1');
  const [reports, setReports] = useState<ReportSummary[] | null>(null);
  const [findings, setFindings] = useState<ReviewFinding[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    get<{ reports: ReportSummary[] }>('/api/reviews').then((r) => setReports(r.reports), (e) => setError(e.message));
  }, []);
  const [total, setTotal] = useState(0);
  useEffect(() => {
    let live = true;  // findings of the report shown before must not land under this one
    setFindings([]);
    setTotal(0);
    setError('');
    if (reports && reports.length > 0) {
      get<{ findings: ReviewFinding[]; total: number }>('/api/reviews/' + n, { limit: 500 }).then((r) => {
        if (!live) return;
        setFindings(r.findings);
        setTotal(r.total);
      }, (e) => live && setError(e.message));
    }
    return () => {
      live = false;
    };
  }, [n, reports]);
  if (reports && reports.length === 0) {
    return (
      <section>
        <h1>Code review triage</h1>
        <p>No review to triage. Start the server with <code>--review REPORT.json</code> (a report of <code>quarry review --format json</code>).</p>
      </section>
    );
  }
  const replace = (f: ReviewFinding) => setFindings(findings.map((x) => (x.fingerprint === f.fingerprint ? f : x)));
  return (
    <section>
      <h1>Code review triage</h1>
      <Failure error={error} />
      <nav class="reports">
        {(reports ?? []).map((r) => (
          <a href={'#/review?report=' + r.report} class={r.report === n ? 'current' : ''}>
            {r.path.split('/').pop()} ({r.error ? 'unreadable' : `${r.undecided} undecided of ${r.findings}`})
          </a>
        ))}
      </nav>
      <p class="muted">
        Decisions are journalled with your name{props.session.read_only ? '; this server is read-only (start it with --allow-approve to decide)' : ''}.
        A report with no finding is not a clean bill: the questions no engine can judge stay with the reviewer.
        {total > findings.length ? ` The first ${findings.length} of ${total} findings are shown.` : ''}
      </p>
      {order.map((status) => {
        const group = findings.filter((f) => f.status === status);
        return group.length === 0 ? null : (
          <div>
            <h2>{titles[status]} ({group.length})</h2>
            {group.map((f) => <FindingCard key={f.fingerprint} f={f} report={n} readOnly={props.session.read_only} onDecided={replace} />)}
          </div>
        );
      })}
    </section>
  );
}
