/**
 * The in-process bot and its knowledge base, reloadable without a restart
 * (`POST /api/kb/reload`). A reload that fails keeps the previous knowledge base.
 */
import { fileURLToPath } from 'node:url';
import { createBot, loadKnowledgeBase, type Bot } from '@switchboard/bot';
import type { RelayBot } from './bot-port.js';

export const SAMPLE_KB_PATH = fileURLToPath(import.meta.resolve('@switchboard/bot/kb/sample-support.json'));

export class KnowledgeBaseHolder {
  private constructor(
    readonly path: string,
    private readonly bot: Bot,
    private entryCount: number,
  ) {}

  static async load(path: string = SAMPLE_KB_PATH): Promise<KnowledgeBaseHolder> {
    const kb = await loadKnowledgeBase(path);
    return new KnowledgeBaseHolder(path, createBot({ knowledgeBase: kb }), kb.entries.length);
  }

  get entries(): number {
    return this.entryCount;
  }

  /** The bot, as the relay uses it. */
  get relayBot(): RelayBot {
    return this.bot;
  }

  /** Ranked candidates for a question, for "try a question" tools. */
  match(text: string) {
    return this.bot.match(text);
  }

  async reload(): Promise<{ entries: number }> {
    const kb = await loadKnowledgeBase(this.path);
    this.bot.setKnowledgeBase(kb);
    this.entryCount = kb.entries.length;
    return { entries: this.entryCount };
  }
}
