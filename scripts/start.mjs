#!/usr/bin/env node
// `npm start`: rebuild the web app or the server bundle if their sources changed, then run the bundle in this process.
import { ensureBuilt } from './build.mjs';

await ensureBuilt({ parts: ['web', 'server'] });
await import('../dist/server/main.mjs');
