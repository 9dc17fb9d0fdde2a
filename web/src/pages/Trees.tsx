import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { Failure } from '../components/Table';
import { Route } from '../router';

interface Process {
  id: string;
  eid: number;
  host: string;
  image: string;
  command_line: string;
  user: string;
  start: string;
  parent: string;
  children: string[];
}

interface LogonSession {
  id: string;
  eid: number;
  host: string;
  user: string;
  logon_type: string;
  source_ip: string;
  start: string;
  end: string;
  processes: string[];
}

function Node(props: { p: Process; byId: Map<string, Process> }) {
  const { p } = props;
  const name = p.image.split(/[\\/]/).pop() || p.id;
  return (
    <li>
      <span class="process" title={p.command_line}>
        <strong>{name}</strong> <span class="muted">{p.command_line}</span>{' '}
        <span class="muted">{p.user} {p.start}</span>{' '}
        {p.eid ? <a href={'#/event/' + p.eid}>{p.id}</a> : <span class="muted">{p.id}</span>}
      </span>
      {p.children.length > 0 && (
        <ul>
          {p.children.map((c) => props.byId.get(c)).filter((c): c is Process => !!c).map((c) => <Node p={c} byId={props.byId} />)}
        </ul>
      )}
    </li>
  );
}

// The process trees and logon sessions of the timeline's range and host.
export function TreesPage(props: { route: Route }) {
  const p = props.route.params;
  const range = { from: p.get('from') ?? '', to: p.get('to') ?? '', host: p.get('host') ?? '' };
  const [processes, setProcesses] = useState<Process[] | null>(null);
  const [sessions, setSessions] = useState<LogonSession[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setError('');
    setProcesses(null);
    setSessions([]);
    get<{ processes: Process[] }>('/api/trees', range).then((r) => live && setProcesses(r.processes), (e) => live && setError(e.message));
    get<{ sessions: LogonSession[] }>('/api/sessions', range).then((r) => live && setSessions(r.sessions), (e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [p.toString()]);
  const byId = new Map((processes ?? []).map((x) => [x.id, x]));
  const roots = (processes ?? []).filter((x) => !x.parent || !byId.has(x.parent));
  const scope = [range.host && 'on ' + range.host, range.from && 'from ' + range.from, range.to && 'to ' + range.to].filter(Boolean).join(' ');
  return (
    <section>
      <h1>Process trees and logon sessions {scope}</h1>
      <p><a href={'#/timeline?' + p.toString()}>Back to the timeline</a></p>
      <Failure error={error} />
      <h2>Process trees ({processes?.length ?? 0} processes)</h2>
      <ul class="tree" aria-label="process trees">
        {roots.map((r) => <Node p={r} byId={byId} />)}
      </ul>
      <h2>Logon sessions ({sessions.length})</h2>
      <ul class="tree" aria-label="logon sessions">
        {sessions.map((s) => (
          <li>
            <span class="process">
              <strong>{s.user || '(unknown user)'}</strong> on {s.host}{' '}
              <span class="muted">
                logon type {s.logon_type || '?'}{s.source_ip ? ' from ' + s.source_ip : ''}, {s.start || 'start not seen'} – {s.end || 'open'}
              </span>{' '}
              {s.eid ? <a href={'#/event/' + s.eid}>{s.id}</a> : <span class="muted">{s.id}</span>}
            </span>
            {s.processes.length > 0 && (
              <ul>
                {s.processes.map((id) => {
                  const p = byId.get(id);
                  return (
                    <li>
                      {p ? <strong>{p.image.split(/[\\/]/).pop()}</strong> : null} {p?.eid ? <a href={'#/event/' + p.eid}>{id}</a> : <span class="muted">{id}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
