import { Finding } from '../api';

// The query with each finding's span marked; spans are byte offsets into the UTF-8 text.
export function QueryView(props: { query: string; findings: Finding[] }) {
  const bytes = new TextEncoder().encode(props.query);
  const spans = props.findings
    .filter((f) => f.span && f.span.end > f.span.start)
    .map((f) => ({ start: f.span!.start, end: Math.min(f.span!.end, bytes.length), f }))
    .sort((a, b) => a.start - b.start);
  const decode = (a: number, b: number) => new TextDecoder().decode(bytes.slice(a, b));
  const parts = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;  // overlapping spans: the first one is marked
    parts.push(decode(at, s.start));
    parts.push(
      <mark class={'finding-' + s.f.severity} title={`${s.f.code}: ${s.f.message}`} data-code={s.f.code}>
        {decode(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  parts.push(decode(at, bytes.length));
  return <pre class="query" aria-label="query">{parts}</pre>;
}

export function Findings(props: { findings: Finding[] }) {
  if (props.findings.length === 0) return <p class="ok">The checks found nothing.</p>;
  return (
    <ul class="findings" aria-label="findings">
      {props.findings.map((f) => (
        <li class={'finding-' + f.severity}>
          <strong>{f.severity}</strong> <code>{f.code}</code>
          {f.span && f.span.line ? ` (line ${f.span.line}, column ${f.span.column})` : ''}: {f.message}
          {f.suggestion ? <em> Suggestion: {f.suggestion}</em> : null}
        </li>
      ))}
    </ul>
  );
}

// The question with the words the assistant read linked to what it read them as
// (mapping lines "'word' → condition").
export function LinkedQuestion(props: { question: string; mapping: string[] }) {
  const links: { said: string; to: string }[] = [];
  for (const m of props.mapping) {
    const found = /^'([^']+)'\s*(?:→|:)\s*(.*)$/.exec(m);
    if (found) links.push({ said: found[1], to: found[2] });
  }
  const lower = props.question.toLowerCase();
  const marks: { start: number; end: number; to: string }[] = [];
  for (const l of links) {
    const i = lower.indexOf(l.said.toLowerCase());
    if (i >= 0 && !marks.some((m) => i < m.end && i + l.said.length > m.start)) {
      marks.push({ start: i, end: i + l.said.length, to: l.to });
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const m of marks) {
    parts.push(props.question.slice(at, m.start));
    parts.push(<mark class="linked" title={m.to}>{props.question.slice(m.start, m.end)}</mark>);
    at = m.end;
  }
  parts.push(props.question.slice(at));
  return <p class="question">{parts}</p>;
}
