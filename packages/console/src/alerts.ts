/**
 * Getting an agent's attention for a new queued chat: a desktop notification (permission asked
 * from a click), a short WebAudio beep (no sound file) and the queue size in the tab title.
 */

const TITLE = 'Switchboard console';

export function titleWithBadge(count: number): string {
  return count > 0 ? `(${count}) ${TITLE}` : TITLE;
}

let audio: AudioContext | null = null;

/** Call from a user gesture: browsers only let audio start after one. */
export function unlockAudio(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
}

export function beep(): void {
  if (!audio || audio.state !== 'running') return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = 'sine';
  osc.frequency.value = 880;
  const t = audio.currentTime;
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
  osc.connect(gain).connect(audio.destination);
  osc.start(t);
  osc.stop(t + 0.3);
}

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Asks once; call from a click. */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

export function notify(title: string, body: string, onClick: () => void): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: 'switchboard-queue' });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}
