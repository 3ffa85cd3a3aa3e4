import { describe, expect, it } from 'vitest';
import { applyTheme, textOn } from './theme.js';

describe('theme', () => {
  it('picks readable text for the primary color', () => {
    expect(textOn('#2456d6')).toBe('#fff');
    expect(textOn('#ffd400')).toBe('#000');
    expect(textOn('#fff')).toBe('#000');
    expect(textOn('rebeccapurple')).toBeNull();
  });

  it('sets attributes and custom properties on the host', () => {
    const host = document.createElement('div');
    applyTheme(host, { mode: 'dark', position: 'left', primaryColor: '#ffd400', fontFamily: 'Georgia' });
    expect(host.getAttribute('data-theme')).toBe('dark');
    expect(host.getAttribute('data-position')).toBe('left');
    expect(host.style.getPropertyValue('--sb-primary')).toBe('#ffd400');
    expect(host.style.getPropertyValue('--sb-on-primary')).toBe('#000');
  });
});
