/**
 * A custom bot: the sample support FAQ, plus a two-step rule ("where is my order?" → ask for the
 * order number → look it up). Runs as its own process and joins the relay over the agent protocol.
 *
 *   RELAY_URL=http://localhost:8080 BOT_EMAIL=bot@example.com BOT_PASSWORD=... node bot.mjs
 *   node bot.mjs --try      # no relay: chat with the bot in the terminal
 */
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { connectBot, createBot, loadKnowledgeBase } from '@switchboard/bot';
import { orderStatus } from './order-api.mjs';

const kb = await loadKnowledgeBase(fileURLToPath(import.meta.resolve('@switchboard/bot/kb/sample-support.json')));

/** @type {import('@switchboard/bot').Rule} */
const orderStatusRule = {
  id: 'order-status',
  priority: 10,
  match: /\b(where('?s| is) my (order|parcel|package)|order status|track(ing)? my order)\b/i,
  async handle(ctx) {
    const known = /\b\d{5}\b/.exec(ctx.text)?.[0];
    if (known) return describe(known);
    ctx.expect(async (next) => {
      const number = /\b\d{5}\b/.exec(next.text)?.[0];
      // Not an order number: let the bot treat it as a new question.
      return number ? describe(number, next.memory) : null;
    });
    return { text: 'I can look that up. What is your 5-digit order number?', quickReplies: ['I don\'t have it'] };
  },
};

async function describe(number, memory = {}) {
  const order = await orderStatus(number);
  memory.lastOrder = number;
  if (!order) return { text: `I couldn't find order ${number}. Please check the number, or talk to a person.`, quickReplies: ['Talk to a person'] };
  if (order.status === 'delivered') return `Order ${number} was delivered on ${order.deliveredOn}.`;
  return `Order ${number} is ${order.status}${order.carrier ? ` with ${order.carrier}` : ''} and should arrive ${order.eta}.`;
}

const bot = createBot({
  knowledgeBase: kb,
  rules: [orderStatusRule],
  onHandoff: (h) => console.log(`[handoff] ${h.conversationId}: ${h.reason} (${h.transcript.length} lines of transcript)`),
});

if (process.argv.includes('--try')) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  for (;;) {
    const text = await rl.question('you> ');
    const reply = await bot.reply(text, { conversationId: 'terminal' });
    console.log(`bot> [${reply.type}] ${reply.text}`);
    if (reply.type === 'suggest') for (const s of reply.suggestions) console.log(`     - ${s.label}`);
    if ('quickReplies' in reply && reply.quickReplies) console.log(`     (${reply.quickReplies.join(' | ')})`);
  }
} else {
  const relayUrl = process.env.RELAY_URL ?? 'http://localhost:8080';
  const credentials = process.env.BOT_TOKEN
    ? { token: process.env.BOT_TOKEN }
    : { email: process.env.BOT_EMAIL ?? '', password: process.env.BOT_PASSWORD ?? '' };
  const connection = connectBot(relayUrl, credentials, bot, {
    onReady: () => console.log(`connected to ${relayUrl}`),
    onError: (e) => console.error(`[error] ${e.message}`),
    onClose: (code, reason) => console.log(`stopped (${code} ${reason})`),
  });
  process.on('SIGINT', () => void connection.close().then(() => process.exit(0)));
}
