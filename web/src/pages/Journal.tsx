import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { cellText, Failure, Table } from '../components/Table';
import { go, Route } from '../router';

interface Verify {
  intact: boolean;
  entries: number;
  first_bad: number;
  problem: string;
  last_hash: string;
}

export function JournalPage(props: { route: Route }) {
  const seq = props.route.params.get('seq') ?? '';
  const [entries, setEntries] = useState<Record<string, unknown>[]>([]);
  const [total, setTotal] = useState(0);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [entry, setEntry] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    // The latest 500 entries: the total first, then the last page.
    type Page = { entries: Record<string, unknown>[]; total: number };
    get<Page>('/api/journal', { limit: 1 })
      .then((first) => get<Page>('/api/journal', { offset: Math.max(0, first.total - 500), limit: 500 }))
      .then((r) => {
        setEntries(r.entries);
        setTotal(r.total);
      }, (e) => setError(e.message));
    get<Verify>('/api/journal/verify').then(setVerify, (e) => setError(e.message));
  }, []);
  useEffect(() => {
    let live = true;
    setEntry(null);
    if (seq) get<{ entry: Record<string, unknown> }>('/api/journal/' + seq).then((r) => live && setEntry(r.entry), (e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [seq]);
  const download = () => {
    const blob = new Blob([entries.map((e) => JSON.stringify(e)).join('\n') + '\n'], { type: 'application/x-ndjson' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'journal.jsonl';
    a.click();
  };
  return (
    <section>
      <h1>Journal</h1>
      <Failure error={error} />
      {verify && (
        <p class={verify.intact ? 'ok' : 'bad'} role="status" aria-label="journal verification">
          {verify.intact
            ? `Hash chain intact over ${verify.entries} entries (last hash ${verify.last_hash.slice(0, 16)}…).`
            : `Hash chain broken at entry ${verify.first_bad}: ${verify.problem}`}
        </p>
      )}
      <Table
        label="journal"
        columns={['seq', 'time', 'kind', 'author', 'title']}
        rows={entries.map((e) => [
          <a href="#" onClick={(ev) => { ev.preventDefault(); go('journal', { seq: cellText(e.seq) }); }}>{cellText(e.seq)}</a>,
          cellText(e.time),
          cellText(e.kind),
          cellText(e.author),
          cellText(e.title),
        ])}
      />
      <p>
        {total > entries.length ? `The latest ${entries.length} of ${total} entries (quarry journal list has them all). ` : ''}
        <button onClick={download} disabled={entries.length === 0}>Export the list (JSON lines)</button>
      </p>
      {entry && (
        <div class="entry">
          <h2>Entry {seq}</h2>
          <pre aria-label="journal entry">{JSON.stringify(entry, null, 2)}</pre>
        </div>
      )}
    </section>
  );
}
