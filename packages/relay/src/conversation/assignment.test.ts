import { describe, expect, it } from 'vitest';
import { availability, pickAgent, type Candidate } from './assignment.js';

const agent = (id: string, over: Partial<Candidate> = {}): Candidate => ({ id, online: true, active: true, maxChats: 3, openChats: 0, lastAssignedAt: 0, ...over });

describe('pickAgent', () => {
  it('takes the online agent with the fewest open chats', () => {
    expect(pickAgent([agent('a', { openChats: 2 }), agent('b', { openChats: 1 }), agent('c', { openChats: 3, maxChats: 5 })])?.id).toBe('b');
  });
  it('skips agents who are offline, deactivated or at capacity', () => {
    expect(pickAgent([agent('a', { online: false }), agent('b', { active: false }), agent('c', { openChats: 3 })])).toBeNull();
    expect(pickAgent([agent('a', { maxChats: 0 })])).toBeNull();
  });
  it('breaks ties by who was assigned least recently', () => {
    expect(pickAgent([agent('a', { lastAssignedAt: 200 }), agent('b', { lastAssignedAt: 100 })])?.id).toBe('b');
  });
});

describe('availability', () => {
  it('tells offline, busy and available apart', () => {
    expect(availability([])).toBe('offline');
    expect(availability([agent('a', { online: false })])).toBe('offline');
    expect(availability([agent('a', { openChats: 3 })])).toBe('busy');
    expect(availability([agent('a', { openChats: 3 }), agent('b')])).toBe('available');
  });
});
