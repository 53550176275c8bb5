// The day's highlights, for a day without a diary (or when nothing in it matched): moments that
// are rare in the day and look like outings, people and occasions rather than routine.
//
// The two concept lists are general knowledge about what people keep from a day, written in
// English; the meaning bridge applies them to Chinese events too. Each event's prior is
// computed once per feature set (features.ts caches those by content).
import type { EventFeatures } from './features.ts';
import { textUnits, unitSimilarity, type Unit } from './units.ts';

const OCCASIONS = `friend friends family grandchildren grandparents children kids baby guests visit visitors hug laugh
  celebrate celebration birthday party cake wedding anniversary festival fireworks concert band performance show
  dance sing music game match race play playing sport swim surf hike climb bike ride sail boat kite picnic
  beach sea ocean lake river mountain summit park garden zoo museum gallery temple market trip travel tour
  sunset sunrise rainbow view scenery snow stars first win gift surprise volunteer puppy animals`;
const ROUTINE = `work working office desk computer laptop typing email emails spreadsheet meeting commute commuting
  bus subway tram train traffic brush teeth shower toilet sleep sleeping nap wake alarm breakfast leftovers
  phone scrolling television tv laundry vacuum dishes cleaning chores mopping homework lecture class notes`;

let concepts: { occasions: Unit[]; routine: Unit[] } | undefined;
function conceptUnits() {
  concepts ??= { occasions: textUnits(OCCASIONS), routine: textUnits(ROUTINE) };
  return concepts;
}

const priors = new WeakMap<EventFeatures, number>();

function closeness(units: readonly Unit[], to: readonly Unit[]): number {
  // The two strongest links, so one stray word does not decide.
  const best: number[] = [];
  for (const u of units) {
    if (u.weak) continue;
    let b = 0;
    for (const c of to) b = Math.max(b, unitSimilarity(u, c));
    best.push(b);
  }
  best.sort((x, y) => y - x);
  return ((best[0] ?? 0) + (best[1] ?? 0)) / 2;
}

/** How much an event looks like an occasion rather than routine, about −1..1; cached per features. */
export function occasionPrior(f: EventFeatures): number {
  let p = priors.get(f);
  if (p === undefined) {
    const { occasions, routine } = conceptUnits();
    p = closeness(f.units, occasions) - closeness(f.units, routine);
    priors.set(f, p);
  }
  return p;
}

export interface HighlightTuning {
  /** Weight of rarity: 1 / (separate stretches of the day with the same action). */
  rarity: number;
  /** Weight of the occasion-versus-routine prior. */
  occasion: number;
}

/**
 * A highlight score per event (higher = more worth keeping). Rarity counts stretches, not
 * events: a walk split into two clips minutes apart is one walk (`sameStretch`).
 */
export function highlightScores(
  features: readonly EventFeatures[],
  t: HighlightTuning,
  sameStretch: (a: number, b: number) => boolean,
): number[] {
  const byAction = new Map<string, number[]>();
  features.forEach((f, i) => {
    if (!f.action) return;
    const members = byAction.get(f.action);
    if (members) members.push(i);
    else byAction.set(f.action, [i]);
  });
  const stretches = new Map<string, number>();
  for (const [action, members] of byAction) {
    let n = 0;
    for (let pos = 0; pos < members.length; pos++) {
      let joined = false;
      for (let j = 0; j < pos && !joined; j++) joined = sameStretch(members[pos]!, members[j]!);
      if (!joined) n++;
    }
    stretches.set(action, n);
  }
  return features.map((f) => t.rarity / (f.action ? stretches.get(f.action)! : 1) + t.occasion * occasionPrior(f));
}
