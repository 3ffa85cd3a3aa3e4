/**
 * The hook through which a visitor's files join their export and erasure. Switchboard stores no
 * attachments yet, so `NO_ATTACHMENTS` — the only implementation — truthfully lists none and
 * erases none. When attachments arrive, their store implements `VisitorFiles` (list the files a
 * visitor sent; delete their bytes and rows) and server.ts passes it instead.
 */
import type { VisitorExport } from '@switchboard/protocol';

export type ExportedFile = VisitorExport['files'][number];

export interface VisitorFiles {
  list(visitorId: string): Promise<ExportedFile[]>;
  /** Deletes every file the visitor sent; returns how many. */
  erase(visitorId: string): Promise<number>;
}

export const NO_ATTACHMENTS: VisitorFiles = {
  list: async () => [],
  erase: async () => 0,
};
