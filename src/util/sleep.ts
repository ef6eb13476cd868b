/** sleep blocks the thread for `ms` milliseconds (the CLI is synchronous: nothing else is waiting to run). */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
}
