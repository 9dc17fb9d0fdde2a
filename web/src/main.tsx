import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, Session, startSession } from './api';
import { OverviewPage } from './pages/Overview';
import { HuntPage } from './pages/Hunt';
import { TimelinePage } from './pages/Timeline';
import { JournalPage } from './pages/Journal';
import { EventPage } from './pages/Event';
import { TreesPage } from './pages/Trees';
import { ReviewPage } from './pages/Review';
import { RulesPage } from './pages/Rules';
import { IncidentPage } from './pages/Incident';
import { ThreatModelPage } from './pages/ThreatModel';
import { SecretsPage } from './pages/Secrets';
import { readRoute } from './router';
import './style.css';

const pages: [string, string][] = [
  ['overview', 'Overview'],
  ['hunt', 'Hunt'],
  ['timeline', 'Alerts and timeline'],
  ['incident', 'Incident'],
  ['rules', 'Rules'],
  ['review', 'Code review'],
  ['threat-model', 'Threat model'],
  ['secrets', 'Secrets'],
  ['journal', 'Journal'],
];

function App() {
  const [route, setRoute] = useState(readRoute());
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const on = () => setRoute(readRoute());
    addEventListener('hashchange', on);
    startSession()
      .then(setSession)
      .catch((e: ApiError) =>
        setError(
          e.status === 401
            ? 'No session. Open the address quarry serve printed when it started (it carries ?token=…).'
            : e.message,
        ),
      );
    return () => removeEventListener('hashchange', on);
  }, []);
  if (error) return <main class="blocked"><h1>Quarry</h1><p role="alert">{error}</p></main>;
  if (!session) return <main><p>Connecting…</p></main>;
  let page;
  switch (route.page) {
    case 'hunt':
      page = <HuntPage session={session} />;
      break;
    case 'timeline':
      page = <TimelinePage route={route} />;
      break;
    case 'journal':
      page = <JournalPage route={route} />;
      break;
    case 'incident':
      page = <IncidentPage session={session} />;
      break;
    case 'threat-model':
      page = <ThreatModelPage route={route} session={session} />;
      break;
    case 'secrets':
      page = <SecretsPage />;
      break;
    case 'rules':
      page = <RulesPage session={session} />;
      break;
    case 'review':
      page = <ReviewPage route={route} session={session} />;
      break;
    case 'trees':
      page = <TreesPage route={route} />;
      break;
    case 'event':
      page = <EventPage eid={route.arg} />;
      break;
    default:
      page = <OverviewPage />;
  }
  return (
    <>
      <header>
        <strong>Quarry</strong>
        <nav>
          {pages.map(([id, title]) => (
            <a href={'#/' + id} class={route.page === id ? 'current' : ''}>{title}</a>
          ))}
        </nav>
        <span class="who" title={session.case}>
          {session.case.split('/').pop()} · {session.read_only ? 'read-only' : 'approvals as ' + session.author}
        </span>
      </header>
      <main>{page}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
