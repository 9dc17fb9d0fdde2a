import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { Failure, Table } from '../components/Table';

interface SecretFinding {
  rule_id: string;
  description: string;
  secret: string;
  table: string;
  field: string;
  eid: number;
  occurrences: number;
  more_eids: number[];
  tags: string[];
}

// Credentials the case's events hold, found by the secret rules, values redacted.
export function SecretsPage() {
  const [findings, setFindings] = useState<SecretFinding[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  useEffect(() => {
    get<{ findings: SecretFinding[]; total: number }>('/api/secrets', { limit: 1000 }).then((r) => {
      setFindings(r.findings);
      setTotal(r.total);
    }, (e) => setError(e.message));
  }, []);
  return (
    <section>
      <h1>Secrets in the evidence</h1>
      <Failure error={error} />
      {findings && (
        <>
          <p class="summary">
            {total} credentials in the case's events (values redacted){total > findings.length ? `, the first ${findings.length} shown` : ''}. A credential
            logged in many events is one finding.
          </p>
          <Table
            label="secrets"
            columns={['rule', 'secret', 'table', 'field', 'first event', 'events', 'what it is']}
            rows={findings.map((f) => [
              <code>{f.rule_id}</code>,
              <code>{f.secret}</code>,
              f.table,
              f.field,
              <a href={'#/event/' + f.eid}>{f.eid}</a>,
              f.occurrences,
              <span class="muted">{f.description}</span>,
            ])}
          />
        </>
      )}
    </section>
  );
}
