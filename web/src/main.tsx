// The Dayreel SPA's entry point.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDayreelClient } from './apollo.ts';
import { App } from './components/App.tsx';
import { markSignedOut } from './domain/draftStore.ts';
import { SessionQuery } from './operations.ts';

const dayreel = createDayreelClient(() => {
  // The session ended (expired, or signed out in another tab): back to the login screen, which
  // says so; the work in progress stays in sessionStorage and resumes after signing in.
  markSignedOut(true);
  dayreel.client.writeQuery({ query: SessionQuery, data: { me: null } });
});

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing');
createRoot(container).render(
  <StrictMode>
    <App client={dayreel.client} restartSocket={dayreel.restartSocket} />
  </StrictMode>,
);
