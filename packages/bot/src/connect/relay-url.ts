/** Turn what a developer passes as the relay URL into the REST base and the agent socket URL. */
export function relayEndpoints(relayUrl: string): { httpBase: string; wsUrl: string } {
  const url = new URL(relayUrl);
  if (url.protocol === 'ws:' || url.protocol === 'wss:') url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`relay URL must be http(s) or ws(s): ${relayUrl}`);
  const path = url.pathname.replace(/\/ws\/agent\/?$/, '').replace(/\/+$/, '');
  const httpBase = `${url.protocol}//${url.host}${path}`;
  const wsUrl = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${path}/ws/agent`;
  return { httpBase, wsUrl };
}
