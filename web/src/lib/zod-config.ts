/**
 * The server's Content-Security-Policy forbids eval. Zod's JIT probes for it with `new Function`, which the
 * browser reports as a CSP violation; the shared schemas are small, so the interpreted path costs nothing.
 */
import { z } from 'zod';

z.config({ jitless: true });
