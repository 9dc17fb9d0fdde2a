import { useEffect, useState } from 'preact/hooks';
import { get, Overview } from '../api';
import { Bars, Failure, Table } from '../components/Table';

export function OverviewPage() {
  const [o, setO] = useState<Overview | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    get<Overview>('/api/overview').then(setO, (e) => setError(e.message));
  }, []);
  if (!o) return <Failure error={error} />;
  return (
    <section>
      <h1>Case overview</h1>
      <p class="summary">
        {o.total_rows.toLocaleString()} rows in {o.tables.length} tables
        {o.time.from ? ` from ${o.time.from} to ${o.time.to}` : ''}; {o.alerts.toLocaleString()} alerts.
      </p>
      <h2>Tables</h2>
      <Table
        label="tables"
        columns={['table', 'rows', 'first event', 'last event', 'columns']}
        rows={o.tables.map((t) => [
          <a href={'#/timeline'}>{t.table}</a>,
          t.rows.toLocaleString(),
          t.min_time ?? '',
          t.max_time ?? '',
          t.columns,
        ])}
      />
      <div class="columns">
        <div>
          <h2>Alerts by level</h2>
          {o.alerts ? <Bars label="alerts by level" counts={o.alerts_by_level} /> : <p>No stored alerts (quarry scan --case stores them).</p>}
        </div>
        <div>
          <h2>Alerts by host</h2>
          {o.alerts ? <Bars label="alerts by host" counts={o.alerts_by_host} /> : <p>—</p>}
        </div>
        <div>
          <h2>Events by host</h2>
          <Bars label="events by host" counts={o.events_by_host} />
        </div>
      </div>
      <h2>Evidence files{o.files_total > o.files.length ? ` (the first ${o.files.length} of ${o.files_total})` : ''}</h2>
      <Table
        label="files"
        columns={['path', 'format', 'status', 'records', 'skipped']}
        rows={o.files.map((f) => [f.path, f.format, f.status, f.records, f.skipped])}
      />
    </section>
  );
}
