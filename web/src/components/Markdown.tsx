import { ComponentChildren } from 'preact';

// Inline text: `code` spans, and citations [E:1,2] whose event ids link to the event page
// ([P:…], [S:…] and [C:…] ids are shown as they are).
function Inline(props: { text: string }) {
  const parts: ComponentChildren[] = [];
  const pattern = /`([^`]+)`|\[E:([0-9, ]+)\]/g;
  let at = 0;
  for (let m = pattern.exec(props.text); m; m = pattern.exec(props.text)) {
    parts.push(props.text.slice(at, m.index));
    if (m[1] !== undefined) {
      parts.push(<code>{m[1]}</code>);
    } else {
      const ids = m[2].split(',').map((s) => s.trim()).filter(Boolean);
      parts.push(
        <span class="cite">
          [E:
          {ids.map((id, i) => (
            <>
              {i > 0 ? ',' : ''}
              <a href={'#/event/' + id} class="citation">{id}</a>
            </>
          ))}
          ]
        </span>,
      );
    }
    at = m.index + m[0].length;
  }
  parts.push(props.text.slice(at));
  return <>{parts}</>;
}

// The Markdown our reports write: headings, bullet lists, paragraphs, quotes. Built as elements,
// never as HTML, so text from evidence cannot become markup.
export function Markdown(props: { text: string; label?: string }) {
  const blocks: ComponentChildren[] = [];
  let list: ComponentChildren[] = [];
  const flush = () => {
    if (list.length) blocks.push(<ul>{list}</ul>);
    list = [];
  };
  for (const raw of props.text.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1].length;
      const text = <Inline text={heading[2]} />;
      blocks.push(level === 1 ? <h2>{text}</h2> : level === 2 ? <h3>{text}</h3> : <h4>{text}</h4>);
    } else if (/^\s*[-*]\s+/.test(line)) {
      list.push(<li><Inline text={line.replace(/^\s*[-*]\s+/, '')} /></li>);
    } else if (/^\s+\S/.test(line) && list.length) {
      list.push(<li class="continued"><Inline text={line.trim()} /></li>);
    } else if (line.startsWith('>')) {
      flush();
      blocks.push(<blockquote><Inline text={line.replace(/^>\s?/, '')} /></blockquote>);
    } else if (line.trim() === '') {
      flush();
    } else {
      flush();
      blocks.push(<p><Inline text={line} /></p>);
    }
  }
  flush();
  return <div class="markdown" aria-label={props.label}>{blocks}</div>;
}
