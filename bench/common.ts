/** Shared names of the benchmark databases and users (bench/seed.ts writes them, bench/run.ts reads them). */
import os from 'node:os';
import path from 'node:path';

export const BENCH_PG_URL = 'postgres://postgres@127.0.0.1:5432/mehvar_bench';
export const BENCH_PGLITE_DIR = path.join(os.tmpdir(), 'mehvar-bench-pglite');
export const BENCH_PASSWORD = 'Shen-Zar-Kavir-Lut-88';
export const benchUserEmail = (role: 'manager' | 'sales', i = 1) => (role === 'manager' ? 'manager@bench.local' : `sales${i}@bench.local`);
/** A seller with 50,000 open tasks (bench/seed.ts), for "my tasks" whatever the size of one's own backlog. */
export const BUSY_USER_EMAIL = 'busy@bench.local';
