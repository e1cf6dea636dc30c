/** Which automation's step is running now (async-local): an event that step causes starts no automation (no loops). */
import { AsyncLocalStorage } from 'node:async_hooks';

export const runningAutomation = new AsyncLocalStorage<{ automationId: string }>();

/** Set at boot: wakes the runner once a transaction that made due runs commits (queues the tick job). */
let wakeHook: () => Promise<void> = async () => {};
export function setAutomationWakeHook(fn: () => Promise<void>): void { wakeHook = fn; }
export const wakeRunner = () => wakeHook();
