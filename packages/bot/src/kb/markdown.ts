/**
 * The Markdown knowledge base form, for site owners who keep their FAQ as a document:
 *
 *     ---
 *     locale: en
 *     synonyms: [[refund, money back]]
 *     ---
 *     ## How do I return an item? {#returns}
 *     ? send it back
 *     ? what is your return policy
 *
 *     The answer, in **Markdown**.
 *
 *     Quick replies: Refund status | Exchanges
 *     Tags: orders, returns
 *
 * One `##` heading per entry (its text is the first question; `{#id}` sets the id, else a slug);
 * `? ` lines right after the heading are alternate phrasings; the rest is the answer, except
 * trailing `Quick replies:` / `Tags:` lines. Returns plain data; the schema validates it.
 */
import { parse as parseYaml } from 'yaml';
import { KnowledgeBaseError } from '../errors.js';

interface RawEntry {
  id: string;
  questions: string[];
  answer: string;
  quickReplies?: string[];
  tags?: string[];
  line: number;
}

const HEADING = /^##\s+(.+?)\s*$/;
const HEADING_ID = /\s*\{#([^}\s]+)\}\s*$/;
const ALTERNATE = /^\?\s+(.+?)\s*$/;
const QUICK_REPLIES = /^quick[ -]?replies\s*:\s*(.+)$/i;
const TAGS = /^tags\s*:\s*(.+)$/i;

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return slug === '' ? 'entry' : slug;
}

function splitFrontMatter(source: string, fileName: string | undefined): { meta: Record<string, unknown>; body: string; offset: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { meta: {}, body: source, offset: 0 };
  let meta: unknown;
  try {
    meta = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new KnowledgeBaseError('KB_SYNTAX', `front matter is not valid YAML (${(error as Error).message})`, { file: fileName }, { cause: error });
  }
  if (meta !== null && meta !== undefined && (typeof meta !== 'object' || Array.isArray(meta))) {
    throw new KnowledgeBaseError('KB_SYNTAX', 'front matter must be a YAML mapping', { file: fileName });
  }
  return { meta: (meta ?? {}) as Record<string, unknown>, body: source.slice(match[0].length), offset: match[0].split('\n').length - 1 };
}

function splitList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseMarkdownKnowledgeBase(source: string, fileName?: string): Record<string, unknown> {
  const { meta, body, offset } = splitFrontMatter(source.replace(/^\uFEFF/, ''), fileName);
  const lines = body.split(/\r?\n/);
  const entries: RawEntry[] = [];
  let current: RawEntry | undefined;
  let bodyLines: string[] = [];
  let inPhrasings = false;
  let inFence = false;

  const finish = (): void => {
    if (!current) return;
    // Trailing metadata lines belong to the entry, not the answer text.
    while (bodyLines.length > 0 && (bodyLines[bodyLines.length - 1] ?? '').trim() === '') bodyLines.pop();
    for (;;) {
      const last = (bodyLines[bodyLines.length - 1] ?? '').trim();
      const qr = QUICK_REPLIES.exec(last);
      const tags = TAGS.exec(last);
      if (qr?.[1]) current.quickReplies = splitList(qr[1], /\s*\|\s*/);
      else if (tags?.[1]) current.tags = splitList(tags[1], /\s*,\s*/);
      else break;
      bodyLines.pop();
      while (bodyLines.length > 0 && (bodyLines[bodyLines.length - 1] ?? '').trim() === '') bodyLines.pop();
    }
    current.answer = bodyLines.join('\n').trim();
    entries.push(current);
  };

  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (heading?.[1]) {
      finish();
      const idMatch = HEADING_ID.exec(heading[1]);
      const question = heading[1].replace(HEADING_ID, '').trim();
      current = { id: idMatch?.[1] ?? slugify(question), questions: [question], answer: '', line: offset + i + 1 };
      bodyLines = [];
      inPhrasings = true;
      return;
    }
    if (!current) return; // text before the first entry (a title, an intro) is not part of any entry
    const alternate = inPhrasings ? ALTERNATE.exec(line) : null;
    if (alternate?.[1]) {
      current.questions.push(alternate[1]);
      return;
    }
    if (inPhrasings && line.trim() === '') return;
    inPhrasings = false;
    bodyLines.push(line);
  });
  finish();

  return {
    ...meta,
    entries: entries.map(({ line: _line, ...entry }) => entry),
  };
}
