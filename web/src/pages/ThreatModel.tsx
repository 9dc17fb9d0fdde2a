import { useEffect, useState } from 'preact/hooks';
import { Finding, post, Session } from '../api';
import { Failure, Table } from '../components/Table';
import { Route } from '../router';

interface Threat {
  id: string;
  title: string;
  component: string;
  stride: string;
  owasp_llm: string[];
  atlas: string[];
  severity: string;
  status: string;
  decision?: { by?: string; reason?: string } | string | null;
}
interface Report {
  system: { name: string; description: string };
  counts: Record<string, number>;
  threats: Threat[];
  findings: Finding[];
  residual: { id: string; component: string; severity: string; status: string; owner: string }[];
  diagram: { dot: string; svg?: string };
  exit_code: number;
}

// The SVG as an image: an <img> never runs what an SVG holds, whatever the model's labels say.
function Diagram(props: { svg: string }) {
  const bytes = new TextEncoder().encode(props.svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return <img class="diagram" alt="data-flow diagram" src={'data:image/svg+xml;base64,' + btoa(binary)} />;
}

export function ThreatModelPage(props: { route: Route; session: Session }) {
  const models = props.session.threat_models;
  const model = props.route.params.get('model') ?? models[0] ?? '';
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setReport(null);
    if (!model) return;
    post<{ report: string }>('/api/threat-models/report', { model, format: 'json' }).then(
      (r) => setReport(JSON.parse(r.report) as Report),
      (e) => setError(e.message),
    );
  }, [model]);
  if (models.length === 0) {
    return (
      <section>
        <h1>Threat model</h1>
        <p>No system description. Start the server with <code>--threat-model FILE.yml</code> (see docs/threat-model.md).</p>
      </section>
    );
  }
  const gaps = report?.findings.filter((f) => f.severity !== 'info') ?? [];
  return (
    <section>
      <h1>Threat model{report ? ': ' + report.system.name : ''}</h1>
      <nav class="reports">
        {models.map((m) => (
          <a href={'#/threat-model?model=' + encodeURIComponent(m)} class={m === model ? 'current' : ''}>{m.split('/').pop()}</a>
        ))}
      </nav>
      <Failure error={error} />
      {report && (
        <>
          <p class="summary">
            {report.counts.components} components, {report.counts.flows} flows, {report.counts.boundaries} trust boundaries:{' '}
            {report.counts.applicable} threats apply, {report.counts.open} open ({report.counts.open_high} high or critical),{' '}
            {report.counts.mitigated} mitigated, {report.counts.accepted} accepted, {report.counts.transferred} transferred.
          </p>
          <p class="muted">{report.system.description}</p>
          {report.diagram.svg ? <Diagram svg={report.diagram.svg} /> : <pre class="dot">{report.diagram.dot}</pre>}
          <h2>Open decisions ({gaps.length})</h2>
          <p class="muted">Only a person's decision in the model changes a threat's status.</p>
          <ul class="findings" aria-label="open decisions">
            {gaps.map((f) => (
              <li class={'finding-' + f.severity}>
                <strong>{f.severity}</strong> <code>{f.code}</code> (line {f.span?.line}): {f.message}
              </li>
            ))}
          </ul>
          <h2>Threats ({report.threats.length})</h2>
          <Table
            label="threats"
            columns={['id', 'component', 'threat', 'STRIDE', 'OWASP LLM', 'ATLAS', 'severity', 'status']}
            rows={report.threats.map((t) => [
              <code>{t.id}</code>,
              t.component,
              t.title,
              t.stride,
              t.owasp_llm.join(', '),
              t.atlas.join(', '),
              <span class={'severity-' + t.severity}>{t.severity}</span>,
              <span class={t.status === 'open' ? 'bad' : 'ok'}>{t.status}</span>,
            ])}
          />
        </>
      )}
    </section>
  );
}
