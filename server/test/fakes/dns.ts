/**
 * A fake name resolver for the outbound guard: tests say what a name resolves to, lookup by lookup, and no test ever
 * asks the real DNS (a name nobody set is "not found", as it would be for an unknown host).
 *
 *   const dns = new FakeDns();
 *   dns.set('pbx.office.lan', ['127.0.0.1']);                              // every lookup
 *   dns.set('rebind.test', ['93.184.215.14'], ['93.184.215.14'], ['127.0.0.1']); // 1st, 2nd, then the 3rd from then on
 *   dns.asked                                                              // the names asked, in order
 */
import net from 'node:net';
import { OutboundGuard } from '../../net/outbound-guard.ts';

export type FakeAddress = { address: string; family: 4 | 6 };

export class FakeDns {
  private answers = new Map<string, string[][]>();
  private calls = new Map<string, number>();
  readonly asked: string[] = [];

  /** Each argument is the answer of one lookup, in order; the last one keeps being given. */
  set(name: string, ...answers: string[][]): void {
    this.answers.set(name.toLowerCase(), answers);
    this.calls.set(name.toLowerCase(), 0);
  }

  /** How many times a name was looked up since it was set. */
  count(name: string): number {
    return this.calls.get(name.toLowerCase()) ?? 0;
  }

  resolve = async (host: string): Promise<FakeAddress[]> => {
    const name = host.toLowerCase();
    this.asked.push(name);
    const answers = this.answers.get(name);
    if (!answers?.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
    const n = this.calls.get(name) ?? 0;
    this.calls.set(name, n + 1);
    return answers[Math.min(n, answers.length - 1)].map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  };
}

/**
 * The guard the driver tests connect through: the local fakes listen on 127.0.0.1, which it allow-lists explicitly
 * (as an operator would with MEHVAR_OUTBOUND_ALLOW); names resolve only as a test sets them.
 */
export function loopbackGuard(dns = new FakeDns()): OutboundGuard {
  return new OutboundGuard({ allow: () => ['127.0.0.1'], resolve: dns.resolve });
}
