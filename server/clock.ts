/** The one source of "now" for services and jobs, so tests can move time. */
export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };
export class ManualClock implements Clock {
  constructor(private t: Date = new Date()) {}
  now() { return new Date(this.t); }
  set(t: Date | string) { this.t = new Date(t); }
  advance(ms: number) { this.t = new Date(this.t.getTime() + ms); }
}
