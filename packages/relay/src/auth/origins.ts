/**
 * Origin allowlist for visitor sockets. Patterns: `*` (any), an exact origin
 * (`https://shop.example`), a port wildcard (`http://localhost:*`) or a subdomain wildcard
 * (`https://*.shop.example`, which does not match the bare `https://shop.example`).
 */
export function originMatcher(patterns: readonly string[]): (origin: string | undefined) => boolean {
  const tests = patterns.map(compile);
  return (origin) => origin !== undefined && origin !== '' && tests.some((test) => test(origin));
}

const PATTERN = /^([a-z][a-z0-9+.-]*):\/\/([^/:]+)(?::(\d+|\*))?\/?$/i;

export function isOriginPattern(pattern: string): boolean {
  return pattern === '*' || PATTERN.test(pattern.trim());
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(pattern: string): (origin: string) => boolean {
  if (pattern === '*') return () => true;
  const match = PATTERN.exec(pattern.trim());
  if (!match) throw new Error(`"${pattern}" is not an origin pattern (scheme://host[:port])`);
  const [, scheme, host, port] = match as unknown as [string, string, string, string | undefined];
  const hostRe = host.startsWith('*.') ? `[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.${escape(host.slice(2))}` : escape(host);
  const portRe = port === '*' ? '(?::\\d+)?' : port ? `:${port}` : '';
  const regex = new RegExp(`^${escape(scheme)}://${hostRe}${portRe}$`, 'i');
  return (origin) => regex.test(origin);
}
