/** Load and validate a knowledge base from JSON, YAML or Markdown. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { KnowledgeBaseError } from '../errors.js';
import { parseMarkdownKnowledgeBase } from './markdown.js';
import { type KnowledgeBase, type KnowledgeBaseFormat, KnowledgeBaseSchema } from './schema.js';

export function formatFromPath(path: string): KnowledgeBaseFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  throw new KnowledgeBaseError('KB_FORMAT', `unsupported extension "${ext || '(none)'}"; use .json, .yaml, .yml or .md`, { file: path });
}

/**
 * Load a knowledge base file; the format follows the extension.
 * @example const kb = await loadKnowledgeBase('kb/sample-support.json');
 */
export async function loadKnowledgeBase(path: string): Promise<KnowledgeBase> {
  const format = formatFromPath(path);
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new KnowledgeBaseError('KB_NOT_FOUND', `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file: path }, { cause: error });
  }
  return parseKnowledgeBase(source, format, path);
}

/** Parse and validate knowledge base text. Errors name the file, the entry (id and index) and the field. */
export function parseKnowledgeBase(source: string, format: KnowledgeBaseFormat, fileName?: string): KnowledgeBase {
  let raw: unknown;
  if (format === 'markdown') {
    raw = parseMarkdownKnowledgeBase(source, fileName);
  } else {
    try {
      raw = format === 'json' ? JSON.parse(source) : parseYaml(source);
    } catch (error) {
      throw new KnowledgeBaseError('KB_SYNTAX', `not valid ${format.toUpperCase()} (${(error as Error).message})`, { file: fileName }, { cause: error });
    }
  }
  const result = KnowledgeBaseSchema.safeParse(raw);
  if (!result.success) throw invalid(result.error, raw, fileName);
  if (result.data.entries.length === 0) {
    throw new KnowledgeBaseError('KB_EMPTY', 'the knowledge base has no entries', { file: fileName, field: 'entries' });
  }
  return result.data;
}

function invalid(error: z.ZodError, raw: unknown, fileName: string | undefined): KnowledgeBaseError {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  let entry: string | undefined;
  let fieldPath = path;
  if (path[0] === 'entries' && typeof path[1] === 'number') {
    const index = path[1];
    const rawEntry = (raw as { entries?: unknown[] } | null)?.entries?.[index] as { id?: unknown } | undefined;
    const id = typeof rawEntry?.id === 'string' && rawEntry.id.trim() !== '' ? rawEntry.id : undefined;
    entry = id !== undefined ? `entry "${id}" (#${index + 1})` : `entry #${index + 1}`;
    fieldPath = path.slice(2);
  }
  const field = fieldPath.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`), '');
  return new KnowledgeBaseError('KB_INVALID', issue?.message ?? 'invalid', { file: fileName, entry, field: field === '' ? undefined : field }, { cause: error });
}
