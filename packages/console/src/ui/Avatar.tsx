/** Initials on a calm tint picked from the name, so the same visitor looks the same in every pane. */

const TINTS = 6;

export function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N} ]+/gu, ' ').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

function tint(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return h % TINTS;
}

/** Decorative: the name is always written next to it. */
export function Avatar({ name, id, size = 'md' }: { name: string; id: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <span class={`avatar avatar-${size} tint-${tint(id)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
