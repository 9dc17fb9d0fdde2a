import { useState } from 'preact/hooks';
import { get, Hunt, post, RowsPage, Session } from '../api';
import { Findings, LinkedQuestion, QueryView } from '../components/QueryView';
import { cellText, Failure, Table } from '../components/Table';

const pageSize = 50;

export function HuntPage(props: { session: Session }) {
  const [question, setQuestion] = useState('');
  const [hunt, setHunt] = useState<Hunt | null>(null);
  const [refinement, setRefinement] = useState('');
  const [edited, setEdited] = useState<string | null>(null);
  const [rows, setRows] = useState<RowsPage | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const ask = () =>
    act(async () => {
      setRows(null);
      setEdited(null);
      setHunt(await post<Hunt>('/api/hunts', { question }));
    });
  const refine = () =>
    act(async () => {
      setHunt(await post<Hunt>(`/api/hunts/${hunt!.id}/refine`, { text: refinement }));
      setRefinement('');
    });
  const check = () =>
    act(async () => {
      setHunt(await post<Hunt>(`/api/hunts/${hunt!.id}/edit`, { query: edited }));
      setEdited(null);
    });
  const page = (offset: number) =>
    act(async () => setRows(await get<RowsPage>(`/api/hunts/${hunt!.id}/rows`, { offset, limit: pageSize })));
  const approve = () =>
    act(async () => {
      const done = await post<Hunt>(`/api/hunts/${hunt!.id}/approve`, {});
      setHunt(done);
      setRows(await get<RowsPage>(`/api/hunts/${done.id}/rows`, { offset: 0, limit: pageSize }));
    });

  const draft = hunt?.draft;
  const first = hunt?.steps[0]?.question ?? question;
  return (
    <section>
      <h1>Hunt</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (question.trim()) ask();
        }}
      >
        <label for="question">Question</label>
        <input
          id="question"
          value={question}
          placeholder="e.g. failed logons for admin on WS01"
          onInput={(e) => setQuestion(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || !question.trim()}>Draft</button>
      </form>
      <Failure error={error} />
      {hunt && draft && (
        <div class="draft">
          <LinkedQuestion question={first} mapping={draft.mapping} />
          <h2>
            Draft by {draft.provider} {draft.runnable ? <span class="ok">passes the checks</span> : <span class="bad">does not pass the checks</span>}
          </h2>
          {edited === null ? (
            <QueryView query={draft.query} findings={draft.findings} />
          ) : (
            <textarea aria-label="edit query" rows={6} value={edited} onInput={(e) => setEdited(e.currentTarget.value)} />
          )}
          <p class="explanation">{draft.explanation}</p>
          <Findings findings={draft.findings} />
          {draft.mapping.length > 0 && (
            <details>
              <summary>What each word was read as</summary>
              <ul>{draft.mapping.map((m) => <li>{m}</li>)}</ul>
            </details>
          )}
          {!hunt.approved && (
            <div class="actions">
              {edited === null ? (
                <button onClick={() => setEdited(draft.query)} disabled={busy}>Edit query</button>
              ) : (
                <>
                  <button onClick={check} disabled={busy}>Check my query</button>
                  <button onClick={() => setEdited(null)}>Cancel</button>
                </>
              )}
              <input
                aria-label="refinement"
                value={refinement}
                placeholder="refine in English, e.g. only on WS01"
                onInput={(e) => setRefinement(e.currentTarget.value)}
              />
              <button onClick={refine} disabled={busy || !refinement.trim()}>Refine</button>
              <button
                class="approve"
                onClick={approve}
                disabled={busy || !draft.runnable || props.session.read_only || edited !== null}
                title={props.session.read_only ? 'read-only: start quarry serve with --allow-approve' : ''}
              >
                Approve and run
              </button>
            </div>
          )}
          {hunt.steps.length > 1 && (
            <details>
              <summary>{hunt.steps.length} steps</summary>
              <ol>{hunt.steps.map((s) => <li>{s.question} ({s.provider}{s.runnable ? '' : ', did not pass'}): <code>{s.query}</code></li>)}</ol>
            </details>
          )}
          {hunt.approved && (
            <p class="recorded" role="status">
              Approved by {hunt.approved.by}, recorded as journal entry{' '}
              <a href={'#/journal?seq=' + hunt.approved.journal_seq}>{hunt.approved.journal_seq}</a> ({hunt.approved.row_count} rows
              {hunt.approved.truncated ? ', capped' : ''}).
            </p>
          )}
        </div>
      )}
      {rows && (
        <div class="rows">
          <Table
            label="rows"
            columns={rows.columns.map((c) => c.name)}
            rows={rows.rows.map((r) =>
              r.map((v, i) =>
                rows.columns[i].name === '_eid' ? <a href={'#/event/' + cellText(v)}>{cellText(v)}</a> : cellText(v),
              ),
            )}
          />
          <p class="pager">
            Rows {rows.row_count ? rows.offset + 1 : 0}–{rows.offset + rows.rows.length} of {rows.row_count}
            <button disabled={busy || rows.offset === 0} onClick={() => page(Math.max(0, rows.offset - pageSize))}>Previous</button>
            <button disabled={busy || rows.offset + rows.rows.length >= rows.row_count} onClick={() => page(rows.offset + pageSize)}>Next</button>
          </p>
        </div>
      )}
    </section>
  );
}
