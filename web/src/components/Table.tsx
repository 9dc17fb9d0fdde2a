import { ComponentChildren } from 'preact';

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// A plain table: header names and rows of cells (strings, numbers or elements).
export function Table(props: { columns: string[]; rows: ComponentChildren[][]; label?: string; busy?: boolean }) {
  return (
    <table aria-label={props.label} aria-busy={props.busy === undefined ? undefined : props.busy ? 'true' : 'false'}>
      <thead>
        <tr>{props.columns.map((c) => <th>{c}</th>)}</tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>{r.map((c) => <td>{c}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

export function Bars(props: { counts: { name: string; count: number }[]; label: string }) {
  const max = Math.max(1, ...props.counts.map((c) => c.count));
  return (
    <ul class="bars" aria-label={props.label}>
      {props.counts.map((c) => (
        <li>
          <span class="bar-name">{c.name || '(none)'}</span>
          <span class="bar" style={{ width: `${(100 * c.count) / max}%` }} />
          <span class="bar-count">{c.count}</span>
        </li>
      ))}
    </ul>
  );
}

export function Failure(props: { error: string }) {
  return props.error ? <p class="error" role="alert">{props.error}</p> : null;
}
