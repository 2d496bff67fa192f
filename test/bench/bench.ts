/**
 * `npm run bench`: stages and then delivers 200 tasks x 12 files (2,400 files each way) on the
 * emulator with the realistic latency model and Drive's write ceiling on, with the project's engine
 * (the sidebar open, and triggers only) and with the naive plan of PLAN.md, then plans a
 * 20,000-row sheet. Times are on the simulated clock. Prints a table, then one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_DRIVE_LIMITS, Workspace, seedDemo } from '../../emulator';
import { TRIGGER_LATENESS } from '../../emulator/latency.config';
import { CostPerFile, Limit, Tier, costPerFile, filesPerDay } from './daily';
import { EngineRun, Step, runEngine } from './engine';
import { PhaseFigures } from './measure';
import { runNaive } from './naive';
import { measurePlanning } from './planning';

const SEED = 7;
const TASKS = 200;
const FILES_PER_TASK = 12;

/**
 * The sidebar's slice budget of the short-slice variant: the default before sidebar slices became as
 * long as a trigger's, kept to show what each slice's fixed cost comes to.
 */
const SHORT_SIDEBAR_SLICE_MS = 45_000;

/** The build, copied once: every run loads the same bundle even if dist/ is rebuilt meanwhile. */
const DIST = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dist-'));
  fs.copyFileSync(path.join('dist', 'Code.js'), path.join(dir, 'Code.js'));
  return dir;
})();

function workspace(props: Record<string, string> = {}) {
  const ws = new Workspace({
    seed: SEED,
    latency: 'realistic',
    driveWriteCeiling: true,
    driveLimits: DEMO_DRIVE_LIMITS,
  });
  const demo = seedDemo(ws, { tasks: TASKS, filesPerTask: FILES_PER_TASK, invalid: false });
  ws.loadBundle(DIST);
  ws.properties.script.set('STAGING_FOLDER_ID', demo.folders.staging);
  for (const [key, value] of Object.entries(props)) ws.properties.script.set(key, value);
  return { ws, demo };
}

type Phase = 'staging' | 'delivery';

interface Runs {
  sidebar: EngineRun;
  shortSlices: EngineRun;
  trigger: EngineRun;
  economy: EngineRun;
  naive: { staging: PhaseFigures; delivery: PhaseFigures };
}

function phaseOf(run: EngineRun, phase: Phase): PhaseFigures | null {
  return phase === 'staging' ? run.staging : run.delivery;
}

const fixed = (n: number, digits = 2) => Number(n.toFixed(digits));

/** The emulator's trigger lateness model, in words. */
function lateness(): string {
  const span = (ms: number) => (ms < 60_000 ? `${ms / 1000} s` : `${ms / 60_000} min`);
  return TRIGGER_LATENESS.map(
    (b) => `${Math.round(b.share * 100)}% ${span(b.minMs)}-${span(b.maxMs)}`,
  ).join(', ');
}

function table(runs: Runs, phases: Phase[]): string {
  const lines: Array<[string, PhaseFigures]> = [];
  for (const phase of phases) {
    lines.push([`${phase}  engine, sidebar`, phaseOf(runs.sidebar, phase)!]);
    lines.push([`${phase}  engine, sidebar, 45-s slices`, phaseOf(runs.shortSlices, phase)!]);
    lines.push([`${phase}  engine, triggers only`, phaseOf(runs.trigger, phase)!]);
    lines.push([`${phase}  engine, triggers only, economy`, phaseOf(runs.economy, phase)!]);
    lines.push([`${phase}  naive plan`, runs.naive[phase]]);
  }
  const columns: Array<[string, (f: PhaseFigures) => string]> = [
    ['files', (f) => String(f.files)],
    ['dupl.', (f) => String(f.duplicates)],
    ['seconds', (f) => f.seconds.toFixed(0)],
    ['files/s', (f) => f.filesPerSecond.toFixed(2)],
    ['idle', (f) => `${(f.idleShare * 100).toFixed(0)}%`],
    ['execs', (f) => String(f.executions)],
    ['runtime s', (f) => f.runtimeSeconds.toFixed(0)],
    ['s/1000 files', (f) => f.runtimeSecondsPer1000Files.toFixed(0)],
    ['longest s', (f) => f.maxExecutionSeconds.toFixed(0)],
    ['sheet calls/slice', (f) => `${f.sheetCallsPerSlice.min}-${f.sheetCallsPerSlice.max}`],
    ['refused', (f) => String(f.refusedWrites)],
    ['URL Fetch calls', (f) => String(f.urlFetches)],
  ];
  const cells = [
    ['', ...columns.map(([name]) => name)],
    ...lines.map(([label, f]) => [label, ...columns.map(([, value]) => value(f))]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

const STEPS: readonly Step[] = ['stagingPreview', 'staging', 'deliveryPreview', 'delivery'];

/** URL Fetch calls of each step (from the quota ledger) per 1,000 files, and their total. */
function urlFetchPer1000Files(run: EngineRun): Record<Step | 'total', number> {
  const per = (n: number) => fixed((n / run.staging.files) * 1000, 0);
  const counts = STEPS.map((s) => run.quotas[s]?.urlFetches ?? 0);
  return {
    ...(Object.fromEntries(STEPS.map((s, i) => [s, per(counts[i])])) as Record<Step, number>),
    total: per(counts.reduce((a, b) => a + b, 0)),
  };
}

type Mode = 'triggersOnly' | 'sidebar';

/** Files a day staged and delivered, by account tier and driver, and the limit reached first. */
function daily(costs: Record<Mode, CostPerFile>) {
  const tiers: Tier[] = ['consumer', 'workspace'];
  const modes: Mode[] = ['triggersOnly', 'sidebar'];
  const of = (tier: Tier) => Object.fromEntries(modes.map((m) => [m, filesPerDay(costs[m], tier)]));
  const all = Object.fromEntries(tiers.map((t) => [t, of(t)])) as Record<
    Tier,
    Record<Mode, { files: number; limit: Limit }>
  >;
  const pick = <K extends 'files' | 'limit'>(key: K) =>
    Object.fromEntries(
      tiers.map((t) => [t, Object.fromEntries(modes.map((m) => [m, all[t][m][key]]))]),
    ) as Record<Tier, Record<Mode, { files: number; limit: Limit }[K]>>;
  return { ...pick('files'), firstLimit: pick('limit') };
}

function main(): void {
  const began = Date.now();
  const sidebar = workspace();
  const shortSlices = workspace({ EXPORT_SIDEBAR_SLICE_MS: String(SHORT_SIDEBAR_SLICE_MS) });
  const trigger = workspace();
  const economy = workspace({ EXPORT_EARLY_SLICES: 'off' });
  const naive = workspace();
  const runs: Runs = {
    sidebar: runEngine(sidebar.ws, sidebar.demo, 'sidebar'),
    shortSlices: runEngine(shortSlices.ws, shortSlices.demo, 'sidebar'),
    trigger: runEngine(trigger.ws, trigger.demo, 'trigger'),
    economy: runEngine(economy.ws, economy.demo, 'trigger'),
    naive: runNaive(naive.ws, naive.demo),
  };
  const planning = measurePlanning(20_000);
  const phases: Phase[] = runs.sidebar.delivery ? ['staging', 'delivery'] : ['staging'];

  const engineOf = (phase: Phase) => phaseOf(runs.sidebar, phase)!;
  const slower = phases.reduce((a, b) =>
    engineOf(b).filesPerSecond < engineOf(a).filesPerSecond ? b : a,
  );
  const naiveSlower = phases.reduce((a, b) =>
    runs.naive[b].filesPerSecond < runs.naive[a].filesPerSecond ? b : a,
  );
  const all = phases.flatMap((p) => [
    phaseOf(runs.sidebar, p)!,
    phaseOf(runs.shortSlices, p)!,
    phaseOf(runs.trigger, p)!,
    phaseOf(runs.economy, p)!,
  ]);
  const engine = engineOf(slower);
  const perPhase = Object.fromEntries(
    phases.map((p) => {
      const e = engineOf(p);
      const t = phaseOf(runs.trigger, p)!;
      const s = phaseOf(runs.shortSlices, p)!;
      const x = phaseOf(runs.economy, p)!;
      const n = runs.naive[p];
      return [
        p,
        {
          engine: {
            filesPerSecond: fixed(e.filesPerSecond),
            triggerOnlyFilesPerSecond: fixed(t.filesPerSecond),
            triggerOnlyIdleShare: fixed(t.idleShare),
            shortSidebarSlicesFilesPerSecond: fixed(s.filesPerSecond),
            runtimeSecondsPer1000Files: fixed(e.runtimeSecondsPer1000Files, 0),
            triggerOnlyRuntimeSecondsPer1000Files: fixed(t.runtimeSecondsPer1000Files, 0),
            economyFilesPerSecond: fixed(x.filesPerSecond),
            economyRuntimeSecondsPer1000Files: fixed(x.runtimeSecondsPer1000Files, 0),
            executions: e.executions,
            triggerOnlyExecutions: t.executions,
            maxExecutionSeconds: fixed(
              Math.max(e.maxExecutionSeconds, t.maxExecutionSeconds, s.maxExecutionSeconds),
              1,
            ),
            sheetCallsPerSlice: e.sheetCallsPerSlice.max,
            urlFetches: e.urlFetches,
            duplicates: e.duplicates + t.duplicates + s.duplicates + x.duplicates,
          },
          naive: {
            filesPerSecond: fixed(n.filesPerSecond),
            runtimeSecondsPer1000Files: fixed(n.runtimeSecondsPer1000Files, 0),
            executions: n.executions,
            duplicates: n.duplicates,
          },
          speedup: fixed(e.filesPerSecond / n.filesPerSecond, 1),
        },
      ];
    }),
  );
  const sheetCalls = all.map((f) => f.sheetCallsPerSlice);
  const sidebarCost = costPerFile(runs.sidebar);
  // A day's worth of work makes the day's trigger runtime the limit: the add-on then arms each
  // next slice only once a slice ends (as EXPORT_EARLY_SLICES=off does), and that is its cost.
  const triggerCost = costPerFile(runs.economy);
  const perDay =
    sidebarCost && triggerCost ? daily({ sidebar: sidebarCost, triggersOnly: triggerCost }) : null;
  const result = {
    files: engine.files,
    engine: {
      phase: slower,
      filesPerSecond: fixed(engine.filesPerSecond),
      triggerOnlyFilesPerSecond: fixed(phaseOf(runs.trigger, slower)!.filesPerSecond),
      triggerOnlyIdleShare: fixed(phaseOf(runs.trigger, slower)!.idleShare),
      shortSidebarSlicesFilesPerSecond: fixed(phaseOf(runs.shortSlices, slower)!.filesPerSecond),
      runtimeSecondsPer1000Files: fixed(engine.runtimeSecondsPer1000Files, 0),
      executions: engine.executions,
      maxExecutionSeconds: fixed(Math.max(...all.map((f) => f.maxExecutionSeconds)), 1),
      sheetCallsPerSlice: Math.max(...sheetCalls.map((c) => c.max)),
      sheetCallsPerSliceConstant: sheetCalls.every((c) => c.min === c.max),
      duplicates: all.reduce((n, f) => n + f.duplicates, 0),
      refusedWrites: all.reduce((n, f) => n + f.refusedWrites, 0),
      urlFetchPer1000Files: urlFetchPer1000Files(runs.sidebar),
      ...(perDay ? { filesPerDay: perDay } : {}),
    },
    naive: {
      phase: naiveSlower,
      filesPerSecond: fixed(runs.naive[naiveSlower].filesPerSecond),
      runtimeSecondsPer1000Files: fixed(runs.naive[naiveSlower].runtimeSecondsPer1000Files, 0),
      executions: runs.naive[naiveSlower].executions,
    },
    speedup: Math.min(...phases.map((p) => perPhase[p].speedup)),
    phases: perPhase,
    planning20kRowsMs: Math.round(planning.cpuMs),
    planning20kRowsRunsMs: planning.runsMs,
    deliveryMeasured: phases.includes('delivery'),
    benchRealSeconds: fixed((Date.now() - began) / 1000, 1),
  };

  console.log(
    `${TASKS} tasks x ${FILES_PER_TASK} files, realistic latency, Drive write ceiling 3/s. Seconds are\n` +
      `simulated: from the wizard's start to the last copy. "sidebar": continueJob called again as\n` +
      `soon as a slice returns (4.5-min slices by default), while triggers fire when due; "45-s\n` +
      `slices": the same with EXPORT_SIDEBAR_SLICE_MS=${SHORT_SIDEBAR_SLICE_MS}; "triggers only": the sidebar\n` +
      `closed once the job started, each next slice armed to start before the running one ends;\n` +
      `"economy": EXPORT_EARLY_SLICES=off, each next slice armed once a slice ends (what the add-on\n` +
      `does when the day's trigger runtime would not cover the work: files a day use its cost).\n` +
      `Triggers fire late by the emulator's seeded draw\n` +
      `(${lateness()}). Idle: the share of the phase's time in which\n` +
      `none of its executions ran. Runtime: the Apps Script time of the phase's executions. Sheet\n` +
      `calls: per slice that worked (not the last).\n`,
  );
  console.log(table(runs, phases));
  console.log(
    `\nplanning ${planning.rows} rows (read, filter, plan ${planning.selected} tasks' folders and files): ` +
      `${planning.cpuMs.toFixed(0)} ms CPU (best of 3 cold runs: ${planning.runsMs.join(', ')} ms)`,
  );
  if (!runs.sidebar.delivery)
    console.log('delivery: not measured (no executeDeliveryWizard in the bundle)');
  for (const phase of phases) {
    const by = phaseOf(runs.sidebar, phase)!.secondsBy;
    const total = Object.values(by).reduce((a, b) => a + b, 0);
    const shares = Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .map(([doing, s]) => `${doing} ${((s / total) * 100).toFixed(1)}%`);
    console.log(`where the sidebar's executions spend their time, ${phase}: ${shares.join(', ')}`);
  }
  const fetches = urlFetchPer1000Files(runs.sidebar);
  console.log(
    `URL Fetch calls per 1,000 files (quota ledger, sidebar): ${STEPS.map((s) => `${s} ${fetches[s]}`).join(', ')}; total ${fetches.total}`,
  );
  if (perDay && sidebarCost && triggerCost) {
    const cost = (c: CostPerFile) =>
      `${c.triggerRuntimeSeconds.toFixed(3)} s trigger runtime, ${c.urlFetches.toFixed(2)} URL fetches, ` +
      `${c.properties.toFixed(2)} property calls, ${c.driveWrites.toFixed(2)} Drive writes, ${(c.bytes / 1024).toFixed(0)} KB`;
    console.log(`per file staged and delivered, triggers only (economy): ${cost(triggerCost)}`);
    console.log(`per file staged and delivered, sidebar:                   ${cost(sidebarCost)}`);
    for (const tier of ['consumer', 'workspace'] as const) {
      console.log(
        `files a day, ${tier}: triggers only ${perDay[tier].triggersOnly} (${perDay.firstLimit[tier].triggersOnly}), ` +
          `sidebar ${perDay[tier].sidebar} (${perDay.firstLimit[tier].sidebar})`,
      );
    }
  }
  console.log(JSON.stringify(result));
}

main();
