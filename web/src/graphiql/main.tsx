// The developers' GraphQL IDE, bundled so that it works offline. Queries and mutations go
// over HTTP to /graphql (the session cookie is sent); subscriptions over graphql-ws on the
// same path, so `subscription { vlogProgress(vlogId: "…") { percent message } }` streams.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { graphqlHttpUrl, graphqlWsUrl } from '../urls.ts';

const fetcher = createGraphiQLFetcher({
  url: graphqlHttpUrl(),
  subscriptionUrl: graphqlWsUrl(window.location),
  fetch: (input, init) => fetch(input, { ...init, credentials: 'include' }),
});

const defaultQuery = `# Dayreel's API. Sign in first (the cookie is kept for this origin):
#
# mutation { login(username: "demo", password: "demo1234") { user { username } } }
#
# then, for example:

query Day {
  me { username timezone locale }
  days { date eventCount vlogStatus }
  limits { minEvents maxEvents minDuration maxDuration minMusicWindow maxTitleLength }
}
`;

const container = document.getElementById('graphiql');
if (!container) throw new Error('#graphiql is missing');
createRoot(container).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility />
  </StrictMode>,
);
