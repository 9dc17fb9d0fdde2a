import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { cellText, Failure, Table } from '../components/Table';

// One event with every field; _source and _record say where in the evidence it came from.
export function EventPage(props: { eid: string }) {
  const [event, setEvent] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;  // a late answer for the event shown before is dropped
    setEvent(null);
    setError('');
    get<{ event: Record<string, unknown> }>('/api/events/' + encodeURIComponent(props.eid)).then(
      (r) => live && setEvent(r.event),
      (e) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [props.eid]);
  if (!event) return <Failure error={error} />;
  const provenance = ['_source', '_record', '_eid'];
  return (
    <section>
      <h1>Event {props.eid}</h1>
      <p class="provenance" aria-label="provenance">
        From <code>{cellText(event._source)}</code>, record {cellText(event._record)}.{' '}
        <a href={'#/timeline?from=' + encodeURIComponent(cellText(event.TimeGenerated))}>Timeline from here</a>
      </p>
      <Table
        label="fields"
        columns={['field', 'value']}
        rows={Object.entries(event)
          .filter(([k]) => !provenance.includes(k))
          .map(([k, v]) => [k, <span class="value">{cellText(v)}</span>])}
      />
    </section>
  );
}
