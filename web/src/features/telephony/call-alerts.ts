/**
 * How a ringing call gets attention: a short two-tone ring made with WebAudio (no audio file to ship) and, when the
 * tab is in the background, a desktop notification that brings the tab forward when clicked. Permission is asked
 * only from a button the user presses, never on page load.
 */
let audio: AudioContext | null = null;

export function playRing() {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    // Two short bursts of a 440+480 Hz pair, the sound people know as a phone ringing.
    for (const offset of [0, 0.45]) {
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0, start + offset);
      gain.gain.linearRampToValueAtTime(0.12, start + offset + 0.03);
      gain.gain.setValueAtTime(0.12, start + offset + 0.3);
      gain.gain.linearRampToValueAtTime(0, start + offset + 0.36);
      gain.connect(ctx.destination);
      for (const freq of [440, 480]) {
        const osc = ctx.createOscillator();
        osc.frequency.value = freq;
        osc.connect(gain);
        osc.start(start + offset);
        osc.stop(start + offset + 0.38);
      }
    }
  } catch {
    // No audio device or the browser refused: the pop-up itself is still there.
  }
}

export type NotifyPermission = NotificationPermission | 'unsupported';

export function notificationPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotificationPermission(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** Only while the tab is hidden: when it is visible the pop-up is enough. */
export function notifyInBackground(title: string, body: string, tag: string) {
  if (!document.hidden || notificationPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker; the pop-up is still there.
  }
}
