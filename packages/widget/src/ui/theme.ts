import type { ThemeOptions } from '../api.js';

/** Relative luminance of a #rgb / #rrggbb color, or null for other syntaxes. */
export function luminance(color: string): number | null {
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return null;
  if (hex.length === 3) hex = hex.replace(/./g, '$&$&');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex!.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the background. */
export function textOn(color: string): string | null {
  const l = luminance(color);
  if (l === null) return null;
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#000';
}

/** Theme options become attributes and custom properties on the host (CSSOM, so CSP-safe). */
export function applyTheme(host: HTMLElement, theme: ThemeOptions = {}): void {
  host.setAttribute('data-theme', theme.mode ?? 'auto');
  host.setAttribute('data-position', theme.position ?? 'right');
  const set = (k: string, v?: string | null) => (v ? host.style.setProperty(k, v) : host.style.removeProperty(k));
  set('--sb-primary', theme.primaryColor);
  set('--sb-on-primary', theme.primaryColor && textOn(theme.primaryColor));
  set('--sb-font', theme.fontFamily);
}
