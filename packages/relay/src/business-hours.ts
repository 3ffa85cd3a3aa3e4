/**
 * Is the support team open right now? Business hours are intervals per weekday in the site's
 * time zone; outside them the widget offers the offline form instead of a human.
 */
import type { BusinessHours } from '@switchboard/protocol';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Weekday and minutes since midnight of `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { day: (typeof WEEKDAYS)[number]; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as (typeof WEEKDAYS)[number];
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpen(hours: BusinessHours, at: number = Date.now()): boolean {
  if (!hours.enabled) return true;
  const { day, minutes } = localTime(at, hours.timezone);
  return (hours.days[day] ?? []).some(({ open, close }) => {
    const from = toMinutes(open);
    const to = toMinutes(close);
    // An interval like 22:00–02:00 runs past midnight; its after-midnight part belongs to that day's list too.
    return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
  });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
