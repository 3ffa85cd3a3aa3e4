/** Canned responses: replies agents insert with `/shortcut`. Shortcuts are unique, case-insensitive. */
import type { CannedInput, CannedResponse, CannedUpdate } from '@switchboard/protocol';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { CannedRecord, Storage } from '../storage/types.js';

const view = (c: CannedRecord): CannedResponse => ({ id: c.id, shortcut: c.shortcut, title: c.title, text: c.text, updatedAt: c.updatedAt });

export class CannedResponses {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<CannedResponse[]> {
    return (await this.storage.canned.list()).map(view);
  }

  async create(input: CannedInput): Promise<CannedResponse> {
    const created = await this.storage.canned.create({ id: newId('k'), shortcut: input.shortcut, title: input.title ?? input.shortcut, text: input.text, updatedAt: this.now() });
    if (!created) throw new RelayError('CONFLICT', `The shortcut /${input.shortcut} is taken.`);
    return view(created);
  }

  async update(id: string, patch: CannedUpdate): Promise<CannedResponse> {
    if (!(await this.storage.canned.get(id))) throw new RelayError('NOT_FOUND', 'No such canned response.');
    const updated = await this.storage.canned.update(id, { ...patch, updatedAt: this.now() });
    if (!updated) throw new RelayError('CONFLICT', `The shortcut /${patch.shortcut ?? ''} is taken.`);
    return view(updated);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.storage.canned.delete(id))) throw new RelayError('NOT_FOUND', 'No such canned response.');
  }
}
