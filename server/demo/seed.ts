import type { Runtime } from '../boot.ts';
export async function seedDemo(_rt: Runtime, _opts: { log: (m: string) => void }): Promise<void> {
  throw new Error('demo seeder pending');
}
