/** What any telephony source (the AMI call tracker, the signed webhook) tells the telephony service about a call. */
import type { CallEndOutcome } from '../../../common/telephony.schemas.ts';

export type CallEvent = {
  /** 'ami' or 'webhook': together with callId the key of one call. */
  source: 'ami' | 'webhook';
  /** The PBX's id of the whole call (AMI: the Linkedid of its first channel). */
  callId: string;
  type: 'ringing' | 'answered' | 'ended';
  direction: 'in' | 'out';
  /** The other party's number exactly as the PBX sent it (caller on incoming calls, callee on outgoing ones). */
  number: string;
  /** ringing: the extensions that ring now; answered: the one that answered; ended: the last agent's, if any. */
  extensions: string[];
  at: Date;
  /** On ended. */
  outcome?: CallEndOutcome;
  /** On ended: seconds talked (from answer to hangup). */
  durationSec?: number;
  /** On ended (or whenever known): the recording's file name or URL. */
  recording?: string | null;
  /** Set when the call was started by click-to-call: Mehvar's id of the call, carried in the MEHVAR_CALL_ID variable. */
  mehvarCallId?: string;
};

export type TelephonyLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
