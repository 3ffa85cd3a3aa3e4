import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conv, fakeSockets, msg, welcome } from '../../test/fake-socket.js';
import type { ChatOptions } from '../api.js';
import { createHost, mountChat } from '../core/mount.js';
import en from '../i18n/en.js';

const tick = () => new Promise((r) => setTimeout(r, 0));
/** Preact runs effects (focus moves) after paint. */
const paint = () => new Promise((r) => setTimeout(r, 60));

async function setup(options: Partial<ChatOptions> = {}) {
  const sockets = fakeSockets();
  const { host, root } = createHost(document.body);
  const c = mountChat({ host, root, options: { relay: 'http://relay.test', ...options }, strings: en, socket: sockets.factory });
  const s = sockets.last();
  s.open();
  s.push(welcome({ conversation: conv() }));
  await tick();
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T & HTMLElement>(sel);
  const $$ = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)];
  return { c, s, host, root, $, $$ };
}

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    document.title = 'Shop';
  });
  afterEach(() => {
    for (const el of document.querySelectorAll('switchboard-chat')) el.remove();
  });

  it('renders a labelled launcher that opens the panel and focuses the composer', async () => {
    const { $, root } = await setup();
    const launcher = $('.launcher')!;
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    launcher.click();
    await tick();
    expect($('[role=dialog]')).not.toBeNull();
    expect($('h2')!.textContent).toBe('Shop');
    expect($('.log')!.textContent).toContain('Hi! How can we help?');
    await paint();
    expect(root.activeElement).toBe($('#sb-input'));
  });

  it('sends on Enter and shows the delivery state', async () => {
    const { c, s, $ } = await setup({ open: true });
    c.handle.open();
    await tick();
    const input = $<HTMLTextAreaElement>('#sb-input')!;
    input.value = 'what are your opening hours?';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await tick();
    const frame = s.of('message')[0]!;
    expect(frame.text).toBe('what are your opening hours?');
    expect($(".me .st")!.textContent).toBe('Sending…');
    s.push({ type: 'ack', id: frame.id, messageId: 'm1', conversationId: 'c1', seq: 1 });
    await tick();
    expect($(".me .st")!.textContent).toContain('Sent');
  });

  it('shows quick replies and suggestions from the bot and sends the pressed label', async () => {
    const { s, $$ } = await setup({ open: true });
    s.push(msg(1, 'Try one of these', 'bot', { quickReplies: ['Returns'], suggestions: [{ id: 'k1', label: 'Opening hours' }] }));
    await tick();
    const chips = $$('.chip');
    expect(chips.map((b) => b.textContent)).toEqual(['Returns', 'Opening hours']);
    chips[1]!.click();
    expect(s.of('message').map((f) => f.text)).toEqual(['Opening hours']);
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { $, root } = await setup({ open: true });
    $('#sb-input')!.focus();
    $('#sb-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await paint();
    expect($('[role=dialog]')).toBeNull();
    expect(root.activeElement).toBe($('.launcher'));
  });

  it('offers the offline form when no agent is available and validates it', async () => {
    const { s, $, $$ } = await setup({ open: true });
    s.push({ type: 'availability', agentsAvailable: false });
    await tick();
    $$('.link').find((b) => b.textContent === 'Talk to a human')!.click();
    await tick();
    expect(s.of('handoff')).toHaveLength(1);
    const form = $<HTMLFormElement>('form.form')!;
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await tick();
    expect($('#sb-off-email')!.getAttribute('aria-invalid')).toBe('true');
    expect($('#sb-off-email-e')!.textContent).toBe(en.required);
    const fill = (id: string, v: string) => {
      const el = $<HTMLInputElement>(id)!;
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    fill('#sb-off-email', 'not-an-email');
    await tick();
    fill('#sb-off-message', 'Please call me');
    await tick();
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await tick();
    expect($('#sb-off-email-e')!.textContent).toBe(en.badEmail);
    fill('#sb-off-email', 'ada@example.com');
    await tick();
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(s.of('offline_ticket')[0]).toMatchObject({ email: 'ada@example.com', message: 'Please call me' });
  });

  it('asks for a rating after an agent closed the conversation', async () => {
    const { s, $, $$ } = await setup({ open: true });
    s.push({ type: 'conversation', conversation: conv('c1', 'closed', { id: 'a1', name: 'Anna' }) });
    await tick();
    expect($('legend')!.textContent).toBe(en.rateTitle);
    const radios = $$('input[type=radio]') as HTMLInputElement[];
    expect(radios).toHaveLength(5);
    radios[3]!.click();
    await tick();
    $('.stars')!.closest('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(s.of('rating')[0]).toMatchObject({ conversationId: 'c1', score: 4 });
  });

  it('counts unread messages while closed, in the badge and the page title', async () => {
    const { s, $, c } = await setup();
    s.push({ type: 'synced', conversationId: 'c1', lastSeq: 0 });
    s.push(msg(1, 'Anna here', 'agent'));
    await tick();
    expect($('.badge')!.textContent).toBe('1');
    expect($('.launcher')!.getAttribute('aria-label')).toBe('Open chat, 1 unread');
    expect(document.title).toBe('(1) New message · Shop');
    c.handle.open();
    await tick();
    expect($('.badge')).toBeNull();
    expect(document.title).toBe('Shop');
    expect(s.of('seen')[0]).toMatchObject({ conversationId: 'c1', seq: 1 });
  });

  it('shows the pre-chat form first when enabled and sends the profile', async () => {
    const { s, $ } = await setup({ open: true, preChat: true });
    expect($('#sb-pre-name')).not.toBeNull();
    const fill = (id: string, v: string) => {
      const el = $<HTMLInputElement>(id)!;
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    fill('#sb-pre-name', 'Ada');
    await tick();
    fill('#sb-pre-email', 'ada@example.com');
    await tick();
    $<HTMLFormElement>('form.form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await tick();
    expect(s.of('profile')[0]).toMatchObject({ name: 'Ada', email: 'ada@example.com' });
    expect($('#sb-input')).not.toBeNull();
  });

  it('asks for consent when the site wants it, links the privacy policy, and records it with the profile', async () => {
    const sockets = fakeSockets();
    const { host, root } = createHost(document.body);
    mountChat({ host, root, options: { relay: 'http://relay.test', open: true }, strings: en, socket: sockets.factory });
    const s = sockets.last();
    s.open();
    s.push(welcome({ site: { name: 'Shop', welcomeMessage: null, consent: { privacyUrl: 'https://shop.example/privacy' } }, consentAt: null }));
    await paint();
    const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel);
    const box = $<HTMLInputElement>('#sb-pre-consent')!;
    expect(box).not.toBeNull();
    const link = root.querySelector<HTMLAnchorElement>('.consent a')!;
    expect(link.href).toBe('https://shop.example/privacy');
    expect(link.rel).toContain('noopener');
    expect(root.querySelector('label[for="sb-pre-consent"]')!.textContent).toBe('I accept the privacy policy.');
    const submit = () => $<HTMLFormElement>('form.form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    submit();
    await tick();
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#sb-pre-consent-e')!.textContent).toBe(en.consentNeeded);
    expect(s.of('profile')).toHaveLength(0);
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await tick();
    submit();
    await tick();
    expect(s.of('profile')[0]).toMatchObject({ consent: true });
    expect($('#sb-input')).not.toBeNull();
  });

  it('does not ask again a visitor who consented before', async () => {
    const sockets = fakeSockets();
    const { host, root } = createHost(document.body);
    mountChat({ host, root, options: { relay: 'http://relay.test', open: true }, strings: en, socket: sockets.factory });
    const s = sockets.last();
    s.open();
    s.push(welcome({ site: { name: 'Shop', welcomeMessage: null, consent: { privacyUrl: 'https://shop.example/privacy' } }, consentAt: 1_700_000_000_000 }));
    await paint();
    expect(root.querySelector('#sb-pre-consent')).toBeNull();
    expect(root.querySelector('#sb-input')).not.toBeNull();
  });

  it('shows "Seen" once, under the last visitor message the agent has read', async () => {
    const { c, s, $$ } = await setup({ open: true });
    await paint(); // the store subscription starts in an effect
    s.push({ type: 'conversation', conversation: conv('c1', 'assigned', { id: 'a1', name: 'Anna' }) });
    const say = async (text: string, seq: number) => {
      c.session.send(text);
      const frame = s.of('message').at(-1)!;
      s.push({ type: 'ack', id: frame.id, messageId: `m${seq}`, conversationId: 'c1', seq });
      await tick();
    };
    await say('first', 1);
    await say('second', 2);
    s.push(msg(3, 'Anna here', 'agent'));
    await say('third', 4);
    const statuses = () => $$('.me').map((el) => `${el.querySelector('.bubble')!.textContent}:${el.querySelector('.st')!.textContent}`);
    expect(statuses()).toEqual(['first:✓Sent', 'second:✓Sent', 'third:✓Sent']);
    s.push({ type: 'seen', conversationId: 'c1', seq: 3, by: 'agent' });
    await tick();
    expect(statuses()).toEqual(['first:✓Sent', 'second:Seen', 'third:✓Sent']);
    // Older, other conversations' and the visitor's own read markers change nothing.
    s.push({ type: 'seen', conversationId: 'c1', seq: 1, by: 'agent' });
    s.push({ type: 'seen', conversationId: 'c9', seq: 9, by: 'agent' });
    s.push({ type: 'seen', conversationId: 'c1', seq: 9, by: 'visitor' });
    await tick();
    expect(statuses()).toEqual(['first:✓Sent', 'second:Seen', 'third:✓Sent']);
    s.push({ type: 'seen', conversationId: 'c1', seq: 4, by: 'agent' });
    await tick();
    expect(statuses()).toEqual(['first:✓Sent', 'second:✓Sent', 'third:Seen']);
    c.handle.destroy();

    // After a reload (the relay doesn't repeat `seen`), the replayed history still shows it.
    const again = await setup({ open: true });
    await paint();
    again.s.push(msg(1, 'first', 'visitor'));
    again.s.push(msg(4, 'third', 'visitor'));
    await tick();
    expect(again.$$('.me .st').map((el) => el.textContent)).toEqual(['✓Sent', 'Seen']);
    again.c.handle.destroy();
  });

  it('says "Reconnecting…" once, in the announced banner, not also in the header', async () => {
    const { c, s, $, root } = await setup({ open: true });
    await paint();
    expect($('header p')!.textContent).toBe(en.botStatus);
    s.drop(1006);
    await tick();
    expect($('[role=status]')!.textContent).toBe(en.reconnecting);
    expect($('header p')!.textContent).toBe(en.botStatus);
    expect(root.textContent!.split(en.reconnecting)).toHaveLength(2);
    c.handle.destroy();
  });

  it('destroy removes the host, closes the socket and restores the title', async () => {
    const { s, c, host } = await setup();
    s.push({ type: 'synced', conversationId: 'c1', lastSeq: 0 });
    s.push(msg(1, 'ping', 'agent'));
    c.handle.destroy();
    expect(host.isConnected).toBe(false);
    expect(s.closedWith).toBe(1000);
    expect(document.title).toBe('Shop');
  });
});
