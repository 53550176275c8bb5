// Recommending a day's events: loads the day and its diary, then asks the pure recommender.
import type { User } from '../generated/prisma/client.js';
import type { EventService, EventWithRecording } from '../events/service.js';
import { badInput } from '../lib/errors.js';
import { MAX_QUERY_LENGTH, recommendEvents, type RecommendationBasis } from './recommend.js';

export interface EventRecommendation {
  event: EventWithRecording;
  score: number;
  reasons: string[];
  basis: RecommendationBasis;
}

export class RecommendService {
  constructor(private readonly events: EventService) {}

  async recommend(user: User, date: string, limit?: number | null, query?: string | null): Promise<EventRecommendation[]> {
    if (query != null && query.length > MAX_QUERY_LENGTH) {
      throw badInput('query', `query must be at most ${MAX_QUERY_LENGTH} characters (got ${query.length})`);
    }
    const [events, diary] = await Promise.all([this.events.eventsByDate(user, date), this.events.diary(user, date)]);
    const byId = new Map(events.map((e) => [e.id, e]));
    const picks = recommendEvents(events, { query, diary: diary?.content ?? null, limit: limit ?? undefined, timeZone: user.timezone });
    return picks.map((p) => ({ event: byId.get(p.eventId)!, score: p.score, reasons: p.reasons, basis: p.basis }));
  }
}
