// Replaced by the package's real Vite build.
import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(new URL('./dist', import.meta.url), { recursive: true });
