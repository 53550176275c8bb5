// `npm run example:client`: what another app does with Dayreel's typed client — log in, find
// the latest day, list its events and print the recommender's picks.
// DAYREEL_URL (default http://127.0.0.1:4000), DAYREEL_USER / DAYREEL_PASSWORD (default demo / demo1234).
import { createDayreelClient, DaysDocument, EventsByDateDocument, LoginDocument, RecommendEventsDocument } from './index.js';

const base = process.env.DAYREEL_URL ?? 'http://127.0.0.1:4000';
const client = createDayreelClient(`${base}/graphql`);

const { login } = await client.request(LoginDocument, {
  username: process.env.DAYREEL_USER ?? 'demo',
  password: process.env.DAYREEL_PASSWORD ?? 'demo1234',
});
client.setToken(login.token);
console.log(`Signed in as ${login.user.username} (${login.user.timezone})`);

const { days } = await client.request(DaysDocument);
const day = days[0];
if (!day) {
  console.log('No days with events yet.');
  process.exit(0);
}
console.log(`\n${day.date}: ${day.eventCount} events${day.vlogStatus ? `, vlog ${day.vlogStatus}` : ''}`);

const time = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat('en-GB', { timeZone: login.user.timezone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso)) : '--:--';
const { eventsByDate } = await client.request(EventsByDateDocument, { date: day.date });
for (const e of eventsByDate) {
  console.log(`  ${time(e.startTime)}  ${String(Math.round(e.duration ?? 0)).padStart(4)} s  ${e.summary ?? '(no summary)'}`);
}

const { recommendEvents } = await client.request(RecommendEventsDocument, { date: day.date, limit: 5 });
console.log('\nRecommended:');
for (const r of recommendEvents) {
  console.log(`  ${r.score.toFixed(2).padStart(6)}  ${time(r.event.startTime)}  ${r.event.summary ?? ''}  — ${r.reasons.join(', ') || 'spread over the day'}`);
}
