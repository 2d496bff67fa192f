/**
 * The CPU cost of planning an export on a big tracking sheet (see planning-entry.ts). The code is
 * bundled as the deployment is (esbuild, same target) and run in a context holding only the
 * emulated services, like the add-on.
 */
import * as esbuild from 'esbuild';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { DEMO_DRIVE_LIMITS, Workspace, seedDemo } from '../../emulator';

export interface PlanningFigures {
  rows: number;
  selected: number;
  /** The least disturbed run: the fewest CPU milliseconds. */
  cpuMs: number;
  runsMs: number[];
}

type Planner = { planExport(): { selected: number; files: number } };

/** The planning code, in a context of its own. */
function bundle(globals: Record<string, unknown>): Planner {
  const built = esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'planning-entry.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__planning',
    target: 'es2019',
    platform: 'neutral',
    write: false,
  });
  const context = vm.createContext({ ...globals });
  vm.runInContext(built.outputFiles[0].text, context);
  return context.__planning as Planner;
}

/**
 * CPU milliseconds of the planning, from cold code each time (a fresh bundle), best of three: CPU
 * time also counts the process's other threads (garbage collection, compilation), which other
 * work on a shared machine disturbs, and the first run pays for warming the emulator itself.
 */
export function measurePlanning(rows = 20_000, runs = 3): PlanningFigures {
  const ws = new Workspace({ seed: 20, latency: 'realistic', driveLimits: DEMO_DRIVE_LIMITS });
  seedDemo(ws, { tasks: rows, filesPerTask: 12, invalid: false });
  const times: number[] = [];
  let selected = 0;
  for (let i = 0; i < runs; i++) {
    const planner = bundle(ws.globals());
    // Garbage from seeding and earlier runs is collected first, so it is not counted here.
    collectGarbage();
    const result = ws.execute(() => {
      const cpu = process.cpuUsage();
      const plan = planner.planExport();
      const used = process.cpuUsage(cpu);
      if (plan.files === 0) throw new Error('nothing was planned');
      return { selected: plan.selected, cpuMs: (used.user + used.system) / 1000 };
    });
    if (!result.ok) throw new Error(`planning failed: ${result.error}`);
    selected = result.value!.selected;
    times.push(result.value!.cpuMs);
  }
  return { rows, selected, cpuMs: Math.min(...times), runsMs: times.map(Math.round) };
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}
