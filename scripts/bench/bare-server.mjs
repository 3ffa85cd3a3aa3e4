// The baseline: a bare `ws` server that forwards each frame to the socket it names, with no
// validation, storage or routing. The relay bench runs the same load against it.
import { WebSocketServer } from 'ws';

const sockets = new Map();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws, req) => {
  const id = new URL(req.url, 'http://x').searchParams.get('id');
  sockets.set(id, ws);
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const target = sockets.get(frame.to);
    if (target) target.send(JSON.stringify(frame));
  });
  ws.on('close', () => sockets.delete(id));
});
wss.on('listening', () => process.stdout.write(`listening on ws://127.0.0.1:${wss.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
