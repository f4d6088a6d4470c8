/** A short two-tone beep for new critical alerts, made with WebAudio (no asset), and its persisted mute switch. */
export const ALERT_MUTE_STORAGE_KEY = 'arterial.alerts.muted';

export function readMuted(storage: Pick<Storage, 'getItem'> | null = safeLocalStorage()): boolean {
  try {
    return storage?.getItem(ALERT_MUTE_STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

export function writeMuted(muted: boolean, storage: Pick<Storage, 'setItem'> | null = safeLocalStorage()): void {
  try {
    storage?.setItem(ALERT_MUTE_STORAGE_KEY, String(muted));
  } catch {
    // Storage disabled by policy: the switch still works until the page reloads.
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

let context: AudioContext | null = null;

/**
 * Plays about 0.4 s of sound. Browsers keep an AudioContext suspended until the page has had a user gesture;
 * then nothing is heard, which is why the badge carries the same news.
 */
export function playAlertBeep(): void {
  if (typeof window.AudioContext !== 'function') return;
  context ??= new window.AudioContext();
  const audio = context;
  void audio.resume().catch(() => undefined);
  const start = audio.currentTime;
  for (const [offsetS, hz] of [
    [0, 880],
    [0.2, 660],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = hz;
    // Ramps in and out avoid the click of a hard start and stop.
    gain.gain.setValueAtTime(0.0001, start + offsetS);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offsetS + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offsetS + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offsetS);
    oscillator.stop(start + offsetS + 0.2);
  }
}
