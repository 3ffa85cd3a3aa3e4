// The stub queues calls made before widget.js has loaded; they run in order once it has.
window.Switchboard = window.Switchboard || function () { (Switchboard.q = Switchboard.q || []).push(arguments); };

const log = (line) => { document.getElementById('events').textContent += `${line}\n`; };
Switchboard('on', 'open', () => log('open'));
Switchboard('on', 'close', () => log('close'));
Switchboard('on', 'unread', (n) => log(`unread: ${n}`));
Switchboard('on', 'message', (m) => log(`${m.author.kind}: ${m.text.slice(0, 60)}`));
Switchboard('on', 'handoff', (h) => log(`handoff: ${h.state}${h.agent ? ` (${h.agent.name})` : ''}`));
Switchboard('setAttributes', { plan: 'pro', cartValue: 42 });

document.getElementById('open').addEventListener('click', () => Switchboard('open'));
document.getElementById('identify').addEventListener('click', () => {
  // In production your server computes hex(HMAC-SHA256(identitySecret, userId)); never ship the secret.
  log('identify needs a signature from your server; see docs/widget.md');
});
