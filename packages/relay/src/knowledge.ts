/**
 * The in-process bot and its knowledge base. The base comes from a file (KB_PATH, or the sample);
 * entries edited in the console are stored in the database as a whole knowledge base that then
 * takes the file's place, so edits survive restarts. Every change takes effect without a restart;
 * a change that does not validate keeps the previous knowledge base.
 */
import { fileURLToPath } from 'node:url';
import { createBot, loadKnowledgeBase, parseKnowledgeBase, type Bot, type KnowledgeBase } from '@switchboard/bot';
import type { KbEntry, KbMatchResponse } from '@switchboard/protocol';
import type { RelayBot } from './bot-port.js';
import { RelayError } from './errors.js';
import type { SettingStore } from './storage/types.js';

export const SAMPLE_KB_PATH = fileURLToPath(import.meta.resolve('@switchboard/bot/kb/sample-support.json'));
const EDITED_KEY = 'kb:edited';

export class KnowledgeBaseHolder {
  private constructor(
    readonly path: string,
    private readonly settings: SettingStore,
    private readonly bot: Bot,
    private kb: KnowledgeBase,
    private edited: boolean,
  ) {}

  static async load(settings: SettingStore, path: string = SAMPLE_KB_PATH): Promise<KnowledgeBaseHolder> {
    const stored = (await settings.get(EDITED_KEY)) || null;
    const kb = stored ? parseKnowledgeBase(stored, 'json', 'console edits (database)') : await loadKnowledgeBase(path);
    return new KnowledgeBaseHolder(path, settings, createBot({ knowledgeBase: kb }), kb, stored !== null);
  }

  get entries(): number {
    return this.kb.entries.length;
  }

  get source(): 'file' | 'console' {
    return this.edited ? 'console' : 'file';
  }

  list(): KbEntry[] {
    return this.kb.entries.map((e) => ({ ...e }));
  }

  /** The whole knowledge base the bot answers from (entries, synonyms, locale…) as a JSON file for KB_PATH. */
  export(): string {
    return `${JSON.stringify(this.kb, null, 2)}\n`;
  }

  /** The bot, as the relay uses it. */
  get relayBot(): RelayBot {
    return this.bot;
  }

  /** Ranked candidates for a question, for "try a question" tools. */
  match(text: string): KbMatchResponse {
    return { candidates: this.bot.match(text).slice(0, 5).map((c) => ({ entryId: c.entryId, question: c.question, confidence: c.confidence })) };
  }

  /** Re-reads the file. Console edits are kept unless `discardEdits`. */
  async reload(discardEdits = false): Promise<{ entries: number; source: 'file' | 'console' }> {
    if (this.edited && !discardEdits) {
      throw new RelayError('CONFLICT', 'The knowledge base has edits made in the console; reload with ?discardEdits=true to replace them with the file.');
    }
    const kb = await loadKnowledgeBase(this.path);
    this.bot.setKnowledgeBase(kb);
    this.kb = kb;
    if (this.edited) await this.settings.set(EDITED_KEY, '');
    this.edited = false;
    return { entries: this.entries, source: this.source };
  }

  async upsert(entry: KbEntry): Promise<KbEntry> {
    const others = this.kb.entries.filter((e) => e.id !== entry.id);
    const existing = this.kb.entries.findIndex((e) => e.id === entry.id);
    const entries = [...others];
    entries.splice(existing === -1 ? entries.length : existing, 0, entry);
    await this.replace({ ...this.kb, entries });
    return entry;
  }

  async remove(id: string): Promise<boolean> {
    if (!this.kb.entries.some((e) => e.id === id)) return false;
    await this.replace({ ...this.kb, entries: this.kb.entries.filter((e) => e.id !== id) });
    return true;
  }

  private async replace(next: KnowledgeBase): Promise<void> {
    const json = JSON.stringify(next);
    let kb: KnowledgeBase;
    try {
      kb = parseKnowledgeBase(json, 'json', 'console edit');
    } catch (err) {
      throw new RelayError('INVALID_FRAME', (err as Error).message);
    }
    this.bot.setKnowledgeBase(kb);
    await this.settings.set(EDITED_KEY, json);
    this.kb = kb;
    this.edited = true;
  }
}
