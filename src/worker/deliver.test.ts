import { describe, expect, it } from 'vitest';
import { delivering } from './deliver.ts';

/** A callback like a Comlink proxy's: each call resolves when the UI has run it, here when `deliver()` is called. */
function slowCallback() {
  const received: number[] = [];
  const pending: (() => void)[] = [];
  const callback = (n: number) => new Promise<void>((resolve) => pending.push(() => { received.push(n); resolve(); }));
  return { callback, received, deliver: () => pending.splice(0).forEach((run) => run()) };
}

describe('delivering', () => {
  it('resolves only after every call of the callback has reached the UI', async () => {
    const ui = slowCallback();
    let resolved = false;
    const done = delivering(ui.callback, async (report) => {
      for (let row = 1; row <= 3; row++) report(row);
      return 'result';
    }).then((value) => { resolved = true; return value; });
    await new Promise((r) => setTimeout(r, 10));
    expect(resolved).toBe(false); // the job has returned, the UI has not had its progress yet
    ui.deliver();
    expect(await done).toBe('result');
    expect(ui.received).toEqual([1, 2, 3]);
  });

  it('runs the job without a callback, and passes the job’s error on', async () => {
    expect(await delivering(undefined, async (report) => { report(1); return 2; })).toBe(2);
    await expect(delivering(() => {}, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  });

  it('does not fail the job when a callback call failed', async () => {
    expect(await delivering(() => Promise.reject(new Error('ui')), async (report) => { report(); return 'ok'; })).toBe('ok');
  });
});
