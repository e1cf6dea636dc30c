/** SMS gateways behind one interface: pick a driver by name from the configuration. */
import { kavenegarDriver } from './kavenegar.ts';
import { smsirDriver } from './smsir.ts';
import { melipayamakDriver } from './melipayamak.ts';
import { twilioDriver } from './twilio.ts';
import { logDriver, type LogOptions } from './log.ts';
import type { SmsDriver } from './types.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

export * from './types.ts';
export { isOptOut, isOptIn } from './opt-out.ts';
export { logDriver, type LogSmsDriver, type LoggedSms } from './log.ts';
export { twilioSignature } from './twilio.ts';

export interface SmsConfig {
  driver: string;
  /** Defaults to the gateway's real host; tests point it at a fake. */
  baseUrl?: string;
  apiKey?: string;
  sender?: string;
  accountSid?: string;
  authToken?: string;
  username?: string;
  password?: string;
  webhookUrl?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Only for the log driver. */
  logger?: LogOptions['logger'];
  /** Where the gateway drivers may connect (every driver but `log` needs it). */
  guard?: OutboundGuard;
}

function need(config: SmsConfig, ...keys: Array<keyof SmsConfig>): void {
  const missing = keys.filter((k) => !config[k]);
  if (missing.length) throw new Error(`SMS driver "${config.driver}" needs ${missing.join(', ')}`);
}

export function createSmsDriver(config: SmsConfig): SmsDriver {
  const gateway = () => {
    if (!config.guard) throw new Error(`SMS driver "${config.driver}" needs the outbound guard`);
    return { baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, guard: config.guard };
  };
  switch (config.driver) {
    case 'kavenegar':
      need(config, 'apiKey');
      return kavenegarDriver({ ...gateway(), apiKey: config.apiKey!, sender: config.sender });
    case 'smsir':
      need(config, 'apiKey');
      return smsirDriver({ ...gateway(), apiKey: config.apiKey!, sender: config.sender });
    case 'melipayamak':
      need(config, 'username', 'password');
      return melipayamakDriver({ ...gateway(), username: config.username!, password: config.password!, sender: config.sender });
    case 'twilio':
      need(config, 'accountSid', 'authToken', 'sender');
      return twilioDriver({ ...gateway(), accountSid: config.accountSid!, authToken: config.authToken!, sender: config.sender!, webhookUrl: config.webhookUrl });
    case 'log':
      return logDriver({ logger: config.logger });
    default:
      throw new Error(`Unknown SMS driver "${config.driver}" (kavenegar, smsir, melipayamak, twilio, log)`);
  }
}
