import { useRef, useState } from 'preact/hooks';
import { Histogram } from '../api';

const width = 900;
const height = 140;

// Events (grey) and alerts (red) per bucket. Drag across the chart to zoom into a range, or
// click a bar to zoom into its bucket.
export function HistogramChart(props: { data: Histogram; onZoom: (from: string, to: string) => void }) {
  const { buckets, bucket_seconds } = props.data;
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const n = Math.max(1, buckets.length);
  const barWidth = width / n;
  const max = Math.max(1, ...buckets.map((b) => b.events + b.alerts));
  const indexAt = (clientX: number) => {
    const box = svg.current!.getBoundingClientRect();
    return Math.min(n - 1, Math.max(0, Math.floor(((clientX - box.left) / box.width) * n)));
  };
  const zoom = (i: number, j: number) => {
    const [a, b] = i <= j ? [i, j] : [j, i];
    // The last instant of the last bucket, to the case's 100 ns: buckets are whole seconds.
    const end = new Date(Date.parse(buckets[b].start) + bucket_seconds * 1000 - 1000);
    props.onZoom(buckets[a].start, end.toISOString().replace(/\.\d{3}Z$/, '.9999999Z'));
  };
  return (
    <figure class="histogram">
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`histogram: ${props.data.events} events, ${props.data.alerts} alerts, ${bucket_seconds}s buckets`}
        onMouseDown={(e) => {
          const i = indexAt(e.clientX);
          setDrag({ a: i, b: i });
        }}
        onMouseMove={(e) => drag && setDrag({ a: drag.a, b: indexAt(e.clientX) })}
        onMouseUp={() => {
          if (drag) zoom(drag.a, drag.b);
          setDrag(null);
        }}
      >
        {buckets.map((b, i) => {
          const eh = (b.events / max) * (height - 4);
          const ah = (b.alerts / max) * (height - 4);
          return (
            <g data-start={b.start}>
              <title>{`${b.start}: ${b.events} events, ${b.alerts} alerts`}</title>
              <rect class="events" x={i * barWidth} y={height - eh - ah} width={Math.max(1, barWidth - 1)} height={eh} />
              <rect class="alerts" x={i * barWidth} y={height - ah} width={Math.max(1, barWidth - 1)} height={ah} />
              <rect class="hit" x={i * barWidth} y={0} width={barWidth} height={height} />
            </g>
          );
        })}
        {drag && (
          <rect
            class="selection"
            x={Math.min(drag.a, drag.b) * barWidth}
            y={0}
            width={(Math.abs(drag.b - drag.a) + 1) * barWidth}
            height={height}
          />
        )}
      </svg>
      <figcaption>
        {props.data.from} – {props.data.to}, {bucket_seconds}s per bar: {props.data.events.toLocaleString()} events,{' '}
        {props.data.alerts.toLocaleString()} alerts. Drag to zoom.
      </figcaption>
    </figure>
  );
}
