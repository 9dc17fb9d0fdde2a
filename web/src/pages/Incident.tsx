import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, Session } from '../api';
import { Markdown } from '../components/Markdown';
import { Failure } from '../components/Table';

interface Removed {
  line: number;
  text: string;
  verdict: string;
  problems: string[];
}
interface Summary {
  markdown: string;
  alerts: number;
  summarizer: string;
  supported: number;
  removed: Removed[];
  journal_seq?: number;
}
interface Claim {
  line: number;
  text: string;
  verdict: 'supported' | 'unsupported' | 'uncited';
  problems: string[];
}
interface Postmortem {
  markdown: string;
  verified: number;
  removed: string[];
  warnings: string[];
}

function RemovedList(props: { removed: Removed[] }) {
  if (props.removed.length === 0) return null;
  return (
    <div class="removed" aria-label="removed sentences">
      <h3>Did not hold ({props.removed.length}): left out of the summary</h3>
      <ul>
        {props.removed.map((r) => (
          <li>
            <span class="strike">{r.text}</span> <em class="bad">{r.verdict}</em>: {r.problems.join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function IncidentPage(props: { session: Session }) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const [text, setText] = useState('');
  const [postmortem, setPostmortem] = useState<Postmortem | null>(null);
  const [comms, setComms] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<Summary>('/api/incident/summary').then(setSummary, (e) => setError(e.message));
  }, []);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const supported = claims?.filter((c) => c.verdict === 'supported') ?? [];
  const other = claims?.filter((c) => c.verdict !== 'supported') ?? [];
  return (
    <section>
      <h1>Incident</h1>
      <Failure error={error} />
      {summary && (
        <>
          <p class="summary">
            {summary.summarizer} summarizer: {summary.supported} sentences verified against the events they cite, over {summary.alerts} alerts;{' '}
            {summary.removed.length} removed.
          </p>
          <Markdown text={summary.markdown} label="incident summary" />
          <RemovedList removed={summary.removed} />
          <p class="actions">
            {summary.journal_seq ? (
              <span class="recorded" role="status">Recorded as journal entry {summary.journal_seq} by {props.session.author}.</span>
            ) : (
              <button
                class="approve"
                disabled={busy || props.session.read_only}
                title={props.session.read_only ? 'read-only: start quarry serve with --allow-approve' : ''}
                onClick={() =>
                  run(async () => {
                    try {
                      setSummary(await post<Summary>('/api/incident/summary/approve', { shown: summary.markdown }));
                    } catch (e) {
                      // The summary changed since it was shown: show the new one to be read first.
                      if ((e as ApiError).status === 409) setSummary(await get<Summary>('/api/incident/summary'));
                      throw e;
                    }
                  })
                }
              >
                Approve into the journal
              </button>
            )}
          </p>
        </>
      )}
      <h2>Check a text's claims</h2>
      <p class="muted">Paste a summary or a chat message that cites events as [E:&lt;_eid&gt;]: each sentence is checked against them.</p>
      <textarea aria-label="text to check" rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <p>
        <button disabled={busy || !text.trim()} onClick={() => run(async () => setClaims((await post<{ claims: Claim[] }>('/api/incident/verify', { text })).claims))}>
          Check
        </button>
      </p>
      {claims && (
        <div class="claims">
          <h3>Supported ({supported.length})</h3>
          <ul aria-label="supported claims">{supported.map((c) => <li><Markdown text={c.text} /></li>)}</ul>
          <h3>Unsupported or uncited ({other.length})</h3>
          <ul aria-label="unsupported claims">
            {other.map((c) => (
              <li>
                <Markdown text={c.text} />
                <em class="bad">{c.verdict}</em>: {c.problems.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h2>Postmortem</h2>
      <p>
        <select aria-label="communications draft" value={comms} onChange={(e) => setComms(e.currentTarget.value)}>
          <option value="">the postmortem skeleton</option>
          <option value="status">a status update</option>
          <option value="customer">a customer update</option>
          <option value="executive">an executive update</option>
        </select>{' '}
        <button disabled={busy} onClick={() => run(async () => setPostmortem(await get<Postmortem>('/api/incident/postmortem', { comms })))}>
          Draft
        </button>
      </p>
      {postmortem && (
        <>
          <p class="summary">{postmortem.verified} fact sentences verified; {postmortem.removed.length} removed.</p>
          {postmortem.warnings.map((w) => <p class="warn">{w}</p>)}
          <Markdown text={postmortem.markdown} label="postmortem" />
        </>
      )}
    </section>
  );
}
