import { describe, expect, it } from 'vitest';
import { dayIn, duration, handoffReason, localTime, percent, startOfDay, waited } from './format.js';
import { formatRoute, parseRoute } from './route.js';
import { loadSession, saveSession } from './session.js';
import { parseUserAgent } from './useragent.js';
import { titleWithBadge } from './alerts.js';
import { cannedMatches } from './ui/Composer.js';
import { ticks } from './ui/charts.js';
import { fromDraft, toDraft } from './ui/admin/KbPage.js';

describe('format', () => {
  it('durations, waiting times and handoff reasons', () => {
    expect(duration(42_000)).toBe('42 s');
    expect(duration(3 * 60_000)).toBe('3 min');
    expect(duration(125 * 60_000)).toBe('2 h 5 min');
    expect(duration(null)).toBe('—');
    expect(waited(42_000)).toBe('<1 min');
    expect(waited(4 * 60_000 + 5_000)).toBe('4 min');
    expect(handoffReason('requested')).toBe('visitor asked for a person');
    expect(handoffReason('some_new_reason')).toBe('some new reason');
    expect(percent(0.456)).toBe('45.6 %');
    expect(percent(null)).toBe('—');
  });

  it("the visitor's local time, or null for an unknown zone", () => {
    const ts = Date.UTC(2025, 0, 6, 12, 30); // a Monday
    expect(localTime('Europe/Berlin', ts)).toBe('Mon 13:30 (Europe/Berlin)');
    expect(localTime('Not/AZone', ts)).toBeNull();
    expect(localTime(null, ts)).toBeNull();
  });

  it('day boundaries in a time zone, across DST', () => {
    expect(startOfDay('2025-01-06', 'Europe/Berlin')).toBe(Date.UTC(2025, 0, 5, 23));
    expect(startOfDay('2025-03-30', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 29, 23));
    expect(startOfDay('2025-03-31', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 30, 22));
    expect(startOfDay('2025-06-01', 'UTC')).toBe(Date.UTC(2025, 5, 1));
    expect(dayIn(Date.UTC(2025, 0, 5, 23, 30), 'Europe/Berlin')).toBe('2025-01-06');
  });
});

describe('user agent', () => {
  it('names browser and OS', () => {
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toEqual({ browser: 'Chrome 126', os: 'Windows 10/11' });
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87')).toEqual({ browser: 'Edge 126', os: 'Windows 10/11' });
    expect(parseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toEqual({ browser: 'Safari 17', os: 'iOS 17.5' });
    expect(parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toEqual({ browser: 'Firefox 128', os: 'Linux' });
    expect(parseUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36')).toEqual({ browser: 'Chrome 126', os: 'Android 14' });
    expect(parseUserAgent(null)).toBeNull();
  });
});

describe('routes', () => {
  it('round-trips', () => {
    for (const r of [
      { section: 'inbox' as const, view: 'mine' as const, conversationId: 'c_1', q: '' },
      { section: 'inbox' as const, view: 'closed' as const, conversationId: null, q: 'ann & co' },
      { section: 'admin' as const, page: 'reports' as const },
    ]) {
      expect(parseRoute(formatRoute(r))).toEqual(r);
    }
    expect(parseRoute('')).toEqual({ section: 'inbox', view: 'queue', conversationId: null, q: '' });
    expect(parseRoute('#/admin/nope')).toEqual({ section: 'inbox', view: 'queue', conversationId: null, q: '' });
  });
});

describe('small pieces', () => {
  it('session storage drops expired and corrupt entries', () => {
    saveSession({ token: 't', expiresAt: 2000 });
    expect(loadSession(localStorage, 1000)).toEqual({ token: 't', expiresAt: 2000 });
    expect(loadSession(localStorage, 3000)).toBeNull();
    localStorage.setItem('switchboard.console.session', '{nope');
    expect(loadSession(localStorage, 1000)).toBeNull();
  });

  it('title badge, canned matching, chart ticks, kb drafts', () => {
    expect(titleWithBadge(0)).toBe('Switchboard console');
    expect(titleWithBadge(3)).toBe('(3) Switchboard console');
    const canned = [
      { id: '1', shortcut: 'thanks', title: '', text: 'Thank you!', updatedAt: 0 },
      { id: '2', shortcut: 'refund', title: '', text: 'Refunds…', updatedAt: 0 },
    ];
    expect(cannedMatches('/th', canned).map((c) => c.id)).toEqual(['1']);
    expect(cannedMatches('/', canned)).toHaveLength(2);
    expect(cannedMatches('hello /th', canned)).toEqual([]);
    expect(ticks(7, true)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(1, true)).toEqual([0, 1]);
    expect(ticks(0.05)).toEqual([0, 0.02, 0.04, 0.06]);
    const entry = { id: 'hours', questions: ['When are you open?', 'opening hours'], answer: 'Mon–Fri', tags: ['a', 'b'] };
    expect(fromDraft(toDraft(entry))).toEqual(entry);
  });
});
