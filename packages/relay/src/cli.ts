#!/usr/bin/env node
/**
 * switchboard-relay start | create-agent | sign-user
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from './auth/passwords.js';
import { signIdentity } from './auth/tokens.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { newId } from './ids.js';
import { startRelay } from './server.js';
import { SqliteStorage } from './storage/sqlite/index.js';

const USAGE = `Usage:
  switchboard-relay start                      run the relay (settings from env; see docs/deploy.md)
  switchboard-relay create-agent --email E --name N --password P [--role admin|agent|bot] [--max-chats 5]
  switchboard-relay sign-user USER_ID          print the identity signature for USER_ID (needs IDENTITY_SECRET)`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * Tells the operator about the admin created on first start, without putting a secret in a log:
 * a generated password goes to the terminal when there is one, otherwise to a file only this user
 * can read (stdout may be collected by a log system); a password from ADMIN_PASSWORD is never shown.
 */
function announceAdmin(config: Config, admin: { email: string; password: string; generated: boolean }): void {
  const lines = ['', '  First start: an admin account was created.', `    email:    ${admin.email}`];
  if (!admin.generated) lines.push('    password: the one in ADMIN_PASSWORD');
  else if (process.stdout.isTTY) lines.push(`    password: ${admin.password}   (generated; set ADMIN_PASSWORD to choose one)`);
  else {
    const dir = resolve(config.dataDir);
    const file = join(dir, 'admin-password');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${admin.password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    lines.push(`    password: generated, written to ${file} (readable only by this user; delete it once you have logged in)`);
  }
  process.stdout.write(`${[...lines, ''].join('\n')}\n`);
}

async function start(): Promise<void> {
  const config = loadConfig();
  const relay = await startRelay({ ...config, onAdminCreated: (admin) => announceAdmin(config, admin) });
  const base = relay.url;
  process.stdout.write(
    [
      `Switchboard relay listening on ${base}`,
      `  demo page (widget): ${base}/`,
      `  agent console:      ${base}/console/`,
      `  health:             ${base}/healthz`,
      `  knowledge base:     ${relay.context.knowledge ? `${relay.context.knowledge.entries} entries from ${relay.context.knowledge.path}` : 'bot disabled'}`,
      `  storage:            ${config.databaseUrl ? 'postgres (DATABASE_URL)' : `sqlite (${join(resolve(config.dataDir), 'switchboard.db')})`}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: draining connections and shutting down…\n`);
    const force = setTimeout(() => {
      process.stderr.write('Shutdown took over 10 s; exiting.\n');
      process.exit(1);
    }, 10_000);
    force.unref();
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => fail(`Shutdown failed: ${(err as Error).message}`, 1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function createAgent(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'agent' }, 'max-chats': { type: 'string', default: '5' } },
  });
  if (!values.email || !values.name || !values.password) fail(`create-agent needs --email, --name and --password.\n${USAGE}`);
  if (values.password.length < 8) fail('--password must be at least 8 characters.');
  const role = values.role;
  if (role !== 'admin' && role !== 'agent' && role !== 'bot') fail('--role must be admin, agent or bot.');
  const maxChats = Number(values['max-chats']);
  if (!Number.isInteger(maxChats) || maxChats < 0 || maxChats > 100) fail('--max-chats must be a whole number from 0 to 100.');
  const config = loadConfig();
  if (config.databaseUrl) fail('create-agent works on the embedded SQLite store; with DATABASE_URL use POST /api/agents.');
  const storage = new SqliteStorage({ path: join(resolve(config.dataDir), 'switchboard.db') });
  try {
    if (await storage.agents.getByEmail(values.email)) fail(`An agent with email ${values.email} exists.`, 1);
    await storage.agents.create({
      id: newId('a'),
      email: values.email,
      name: values.name,
      role,
      passwordHash: await hashPassword(values.password),
      avatarUrl: null,
      maxChats,
      active: true,
      createdAt: Date.now(),
    });
    process.stdout.write(`Created ${role} ${values.email}.\n`);
  } finally {
    await storage.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  try {
    switch (command) {
      case 'start':
      case undefined:
        return await start();
      case 'create-agent':
        return await createAgent(rest);
      case 'sign-user': {
        const secret = process.env.IDENTITY_SECRET;
        if (!secret) fail('sign-user needs IDENTITY_SECRET in the environment.');
        if (!rest[0]) fail(`sign-user needs a user id.\n${USAGE}`);
        process.stdout.write(`${signIdentity(secret, rest[0])}\n`);
        return;
      }
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return;
      default:
        fail(`Unknown command "${command}".\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

await main();
