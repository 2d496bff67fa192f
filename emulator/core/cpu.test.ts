import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../workspace';
import { createContext } from './context';
import { EXECUTION_LIMIT_MS } from './runtime';

const USER = 'ops@example.com';

/** Burns `ms` of real time in the caller's code. */
function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the script's own work
  }
}

function deployment(code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu-test-'));
  fs.writeFileSync(path.join(dir, 'Code.js'), code);
  return dir;
}

function setup(cpuScale: number) {
  const ctx = createContext({ latency: { default: { minMs: 5, maxMs: 5 } } });
  ctx.runtime.cpuScale = cpuScale;
  const effects: string[] = [];
  const call = (name: string, serviceMs = 0) =>
    ctx.runtime.guard('DriveApp', 'File.makeCopy', 'write', () => {
      burn(serviceMs);
      effects.push(name);
    });
  return { ctx, effects, call };
}

describe('the script’s own CPU time', () => {
  test('work between service calls moves the clock and is counted per execution', () => {
    const { ctx, call } = setup(1);
    const start = ctx.clock.now();
    const result = ctx.runtime.execute('f', USER, () => {
      call('a');
      burn(40);
      call('b');
    });
    expect(result.ok).toBe(true);
    expect(result.execution.cpuMs).toBeGreaterThanOrEqual(40);
    expect(ctx.clock.now() - start).toBe(10 + result.execution.cpuMs);
  });

  test('the scale multiplies the measured time', () => {
    const { ctx, call } = setup(1000);
    const result = ctx.runtime.execute('f', USER, () => {
      burn(20);
      call('a');
    });
    expect(result.execution.cpuMs).toBeGreaterThanOrEqual(20_000);
  });

  test('time spent inside the emulator’s service code is not the script’s', () => {
    const { ctx, call } = setup(1);
    const result = ctx.runtime.execute('f', USER, () => {
      call('a', 150);
      call('b', 150);
    });
    expect(result.execution.cpuMs).toBeLessThan(100);
  });

  test('off (scale 0): nothing is measured, the clock moves by the calls alone', () => {
    const { ctx, call } = setup(0);
    const start = ctx.clock.now();
    const result = ctx.runtime.execute('f', USER, () => {
      burn(20);
      call('a');
      burn(20);
    });
    expect(result.execution.cpuMs).toBe(0);
    expect(ctx.clock.now() - start).toBe(5);
  });

  test('CPU time between calls gets an execution killed at 6 minutes', () => {
    // 100 simulated seconds per real millisecond: four rounds of work pass the limit.
    const { ctx, effects, call } = setup(100_000);
    const result = ctx.runtime.execute('f', USER, () => {
      for (let i = 0; i < 10; i++) {
        try {
          call(`copy${i}`);
        } catch {
          // swallowing the error does not keep the execution alive
        }
        burn(1);
      }
      return 'finished';
    });
    expect(result.killed).toBe(true);
    expect(result.error).toBe('Exceeded maximum execution time');
    expect(effects.length).toBeGreaterThan(0);
    expect(effects.length).toBeLessThanOrEqual(4);
    expect(result.execution.cpuMs).toBeGreaterThan(EXECUTION_LIMIT_MS - 4 * 5);
  });

  test('an execution whose work after its last call passes 6 minutes ends killed', () => {
    const { ctx, effects, call } = setup(100_000);
    const result = ctx.runtime.execute('f', USER, () => {
      call('a');
      burn(5);
      return 'done';
    });
    expect(effects).toEqual(['a']);
    expect(result).toMatchObject({ ok: false, killed: true });
    expect(result.error).toBe('Exceeded maximum execution time');
    expect(result.execution.outcome).toBe('killed');
    expect(result.execution.endedAt! - result.execution.startedAt).toBeGreaterThan(
      EXECUTION_LIMIT_MS,
    );
  });
});

describe('the bundle’s CPU time in a workspace', () => {
  const CODE = deployment(`
function scan(n) {
  PropertiesService.getScriptProperties().getProperty('x');
  var t0 = Date.now();
  var rows = [];
  for (var i = 0; i < n; i++) rows.push([i, 'TSK-' + i, i % 7 === 0 ? 'Complete' : 'Open']);
  var open = rows.filter(function (r) { return r[2] === 'Open'; }).length;
  return { open: open, tookMs: Date.now() - t0 };
}
function spin(minutes, swallow) {
  var t0 = Date.now();
  var caught = 0;
  for (;;) {
    try {
      if (Date.now() - t0 > minutes * 60000) return 'outlived the limit';
    } catch (e) {
      caught++;
      if (!swallow || caught > 3) throw e;
    }
  }
}
`);

  test('defaults: on (1) with realistic latency, off (0) with fast latency; an option wins', () => {
    expect(new Workspace().runtime.cpuScale).toBe(0);
    expect(new Workspace({ latency: 'fast' }).runtime.cpuScale).toBe(0);
    expect(new Workspace({ latency: 'realistic' }).runtime.cpuScale).toBe(1);
    expect(new Workspace({ latency: 'realistic', cpuScale: 0 }).runtime.cpuScale).toBe(0);
    expect(new Workspace({ cpuScale: 2.5 }).runtime.cpuScale).toBe(2.5);
  });

  test('scanning rows between two calls shows on the script’s own clock', () => {
    const ws = new Workspace({ cpuScale: 1 }).loadBundle(CODE);
    const result = ws.run<{ open: number; tookMs: number }>('scan', [200_000]);
    expect(result.ok).toBe(true);
    expect(result.value!.tookMs).toBeGreaterThan(0);
    expect(result.execution.cpuMs).toBeGreaterThanOrEqual(result.value!.tookMs);
  });

  test('a script that only computes is stopped at 6 minutes, even when it catches the error', () => {
    const ws = new Workspace({ cpuScale: 100_000 }).loadBundle(CODE);
    for (const swallow of [false, true]) {
      const result = ws.run('spin', [10, swallow]);
      expect(result).toMatchObject({ ok: false, killed: true });
      expect(result.error).toBe('Exceeded maximum execution time');
      expect(result.execution.calls).toBe(0);
    }
  });
});
