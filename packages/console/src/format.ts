/** Small formatting helpers: durations, waiting times, clock times, the visitor's local time, percentages, handoff reasons. */

/** "45 s", "3 min", "2 h 5 min", "3 d". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

export function time(ts: number, locale?: string): string {
  const d = new Date(ts);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** The visitor's wall-clock time, e.g. "Tue 18:04 (Europe/Berlin)"; null if the zone is unknown. */
export function localTime(timezone: string | null | undefined, now: number, locale?: string): string | null {
  if (!timezone) return null;
  try {
    const t = new Intl.DateTimeFormat(locale ?? 'en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(now);
    return `${t} (${timezone})`;
  } catch {
    return null; // a zone this browser does not know: the caller shows the raw name instead
  }
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

export function fixed(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined ? '—' : n.toFixed(digits);
}

/** Milliseconds that `timeZone` is ahead of UTC at instant `ts`. */
export function zoneOffsetMs(ts: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(ts);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(ts / 1000) * 1000;
}

/** The instant a calendar day ("2025-03-30") starts in `timeZone`. */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let ts = guess - zoneOffsetMs(guess, timeZone);
  // Once more: the offset at the guessed instant may differ across a DST change.
  ts = guess - zoneOffsetMs(ts, timeZone);
  return ts;
}

/** "2025-03-30" for an instant, as a calendar day in `timeZone`. */
export function dayIn(ts: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ts);
}

/** A coarse waiting time for a list that is read at a glance: "<1 min", "4 min", "2 h 5 min", "3 d". */
export function waited(ms: number): string {
  return ms < 60_000 ? '<1 min' : duration(ms);
}

/** Why a chat went to a person, as an agent reads it; an unknown reason shows as written. */
const HANDOFF_REASONS: Record<string, string> = {
  requested: 'visitor asked for a person',
  misses: 'bot could not answer',
  rule: 'bot rule',
  no_bot: 'no bot',
  claimed: 'taken over from the bot',
  bot_unavailable: 'bot unavailable',
  bot_timeout: 'bot did not answer in time',
};

export function handoffReason(reason: string): string {
  return HANDOFF_REASONS[reason] ?? reason.replace(/_/g, ' ');
}
