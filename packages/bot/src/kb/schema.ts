/**
 * The knowledge base schema. The JSON form is fixed (other tools produce it); YAML and Markdown
 * are parsed into the same shape and validated by the same schema.
 */
import { z } from 'zod';

const NonBlank = z.string().refine((s) => s.trim().length > 0, 'must not be blank');

export const KnowledgeBaseEntry = z.object({
  id: NonBlank.pipe(z.string().max(128)),
  questions: z.array(NonBlank.pipe(z.string().max(1000))).min(1, 'needs at least one question'),
  answer: NonBlank,
  quickReplies: z.array(NonBlank.pipe(z.string().max(200))).max(10).optional(),
  tags: z.array(z.string()).optional(),
});
export type KnowledgeBaseEntry = z.infer<typeof KnowledgeBaseEntry>;

export const KnowledgeBaseSchema = z.object({
  entries: z.array(KnowledgeBaseEntry),
  /** Groups of words or phrases that mean the same; the first is the canonical form. */
  synonyms: z.array(z.array(NonBlank).min(2, 'a synonym group needs at least two terms')).optional(),
  locale: z.string().max(35).optional(),
});
export type KnowledgeBase = z.infer<typeof KnowledgeBaseSchema>;

export type KnowledgeBaseFormat = 'json' | 'yaml' | 'markdown';
