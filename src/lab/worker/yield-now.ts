/// <reference lib="webworker" />
/**
 * Yield to a worker's event loop between slices of work, so that its messages (a ping, a new
 * setting) are handled, without the 4 ms clamp of nested setTimeout: a MessageChannel posts to
 * itself.
 */
const channel = new MessageChannel();
let resume: (() => void) | null = null;
channel.port1.onmessage = () => {
  const r = resume;
  resume = null;
  r?.();
};

export function yieldNow(): Promise<void> {
  return new Promise((r) => {
    resume = r;
    channel.port2.postMessage(0);
  });
}
