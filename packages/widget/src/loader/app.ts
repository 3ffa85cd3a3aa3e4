/**
 * Script-tag app chunk: registers the mount function with the loader's global. Being an entry
 * of its own build, registering on evaluation is this file's whole job.
 */
import type { ChatOptions } from '../api.js';
import { mountChat, runCommand } from '../core/mount.js';
import { en, type Strings } from '../i18n/index.js';

interface MountArgs {
  host: HTMLElement;
  root: ShadowRoot;
  options: ChatOptions;
  strings?: Strings;
}
type Registrar = (kind: 'app', mount: (args: MountArgs) => { run(args: ArrayLike<unknown>): void }) => void;

(window as unknown as { Switchboard: { _r: Registrar } }).Switchboard._r('app', (args) => {
  const c = mountChat({ ...args, strings: args.strings ?? en });
  return { run: (command) => runCommand(c.handle, command) };
});
