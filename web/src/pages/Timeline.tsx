import { useEffect, useState } from 'preact/hooks';
import { get, Histogram, TimelineEntry } from '../api';
import { HistogramChart } from '../components/HistogramChart';
import { cellText, Failure, Table } from '../components/Table';
import { go, Route } from '../router';

const filterNames = ['from', 'to', 'host', 'user', 'process', 'ip', 'rule', 'level'] as const;

interface AlertRows {
  columns: { name: string }[];
  rows: unknown[][];
  truncated: boolean;
}
const pageSize = 200;

export function TimelinePage(props: { route: Route }) {
  const p = props.route.params;
  const filters: Record<string, string> = {};
  for (const k of filterNames) filters[k] = p.get(k) ?? '';
  const alertsOnly = p.get('alerts_only') === 'true';
  // Going on from an entry: the page starts at its time, after it (entries of one time come in
  // _eid order).
  const after = p.get('after') ?? '';
  const [form, setForm] = useState({ ...filters });
  const [hist, setHist] = useState<Histogram | null>(null);
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<AlertRows | null>(null);
  const [error, setError] = useState('');
  const key = p.toString();
  const { rule, level, ...pivots } = filters;
  useEffect(() => {
    // Answers to an earlier filter that arrive late are dropped.
    let live = true;
    const fail = (e: Error) => live && setError(e.message);
    setForm({ ...filters });
    setError('');
    get<Histogram>('/api/histogram', { from: filters.from, to: filters.to, host: filters.host, buckets: 80 }).then(
      (h) => live && setHist(h),
      fail,
    );
    setAlerts(null);
    if (rule || level) {
      get<AlertRows>('/api/alerts', { rule, level, host: filters.host, limit: pageSize }).then((a) => live && setAlerts(a), fail);
    }
    get<{ entries: TimelineEntry[]; truncated: boolean }>('/api/timeline', {
      ...pivots,
      alerts_only: alertsOnly,
      limit: pageSize,
    })
      .then((t) => {
        if (!live) return;
        const seen = after ? t.entries.findIndex((e) => String(e._eid) === after) : -1;
        setEntries(seen >= 0 ? t.entries.slice(seen + 1) : t.entries);
        setTruncated(t.truncated);
      }, fail)
      .finally(() => live && setLoadedKey(key));
    return () => {
      live = false;
    };
  }, [key]);
  const apply = (next: Record<string, string>, only = alertsOnly) =>
    go('timeline', { ...next, alerts_only: only ? 'true' : '' });
  return (
    <section>
      <h1>Alerts and timeline</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(form);
        }}
      >
        {filterNames.map((k) => (
          <label>
            {k}
            <input name={k} value={form[k]} onInput={(e) => setForm({ ...form, [k]: e.currentTarget.value })} />
          </label>
        ))}
        <label>
          <input type="checkbox" name="alerts_only" checked={alertsOnly} onChange={(e) => apply(form, e.currentTarget.checked)} />
          alerts only
        </label>
        <button type="submit">Filter</button>
        <button type="button" onClick={() => go('timeline')}>Reset</button>
        <a href={'#/trees?' + new URLSearchParams(Object.entries({ from: filters.from, to: filters.to, host: filters.host }).filter(([, v]) => v)).toString()}>
          Process trees and sessions
        </a>
      </form>
      <Failure error={error} />
      {hist && <HistogramChart data={hist} onZoom={(from, to) => apply({ ...filters, from, to })} />}
      {alerts && (
        <>
          <h2>Alerts{rule ? ` of rules containing "${rule}"` : ''}{level ? ` at level ${level}` : ''} ({alerts.rows.length}{alerts.truncated ? '+' : ''})</h2>
          <Table
            label="alerts"
            columns={alerts.columns.map((c) => c.name)}
            rows={alerts.rows.map((r) =>
              r.map((v, i) => (alerts.columns[i].name === '_eid' ? <a href={'#/event/' + cellText(v)}>{cellText(v)}</a> : cellText(v))),
            )}
          />
          <h2>Timeline</h2>
        </>
      )}
      <Table
        busy={loadedKey !== key}
        label="timeline"
        columns={['time', 'host', 'kind', 'message', '_eid']}
        rows={entries.map((e) => [
          e.TimeGenerated,
          <a href="#" onClick={(ev) => { ev.preventDefault(); apply({ ...filters, host: e.Computer }); }}>{e.Computer}</a>,
          <span class={e.table === 'Alerts' ? 'alert' : ''}>{e.kind}</span>,
          e.message,
          <a href={'#/event/' + e._eid}>{e._eid}</a>,
        ])}
      />
      {truncated && entries.length > 0 && (
        <p class="pager">
          More entries than {pageSize}.{' '}
          <button onClick={() => apply({ ...filters, from: entries[entries.length - 1].TimeGenerated, after: String(entries[entries.length - 1]._eid) })}>
            Go on from the last one
          </button>
        </p>
      )}
    </section>
  );
}
