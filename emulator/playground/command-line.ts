/**
 * The options of `npm start -- ...`, read strictly: a typo stops the start with the usage instead
 * of playing a demo other than the one asked for.
 */
import type { DemoOptions } from '../demo';
import { MAX_FILES_PER_TASK, MAX_TASKS, MIN_FILES_PER_TASK } from '../demo/options';

/**
 * Simulated seconds per real second for `npm start`. At 4, staging the default demo's ready tasks
 * (about 34 simulated seconds of Drive copies) takes about 8 real seconds, long enough to watch the
 * counts move; tests pass their own, much faster, speed.
 */
export const START_SPEED = 4;
/**
 * The sidebar's slice budget in the fresh demo `npm start` seeds: short, so that the default
 * staging comes back in about six slices and the counts move in steps instead of all at once.
 */
export const START_SIDEBAR_SLICE_MS = 8000;
export const START_PORT = 8080;

/** Named demos for `--demo`; several may be given and add up ("--demo hostile --demo legacy"). */
export const DEMO_PRESETS: Readonly<Record<string, { about: string; options: DemoOptions }>> = {
  default: { about: '24 tasks, one of each bad case', options: {} },
  hostile: {
    about: 'adds a task whose id and folder name carry HTML and script markup',
    options: { hostile: true },
  },
  clean: { about: 'only tasks that can be exported, no bad cases', options: { invalid: false } },
  legacy: {
    about: "the sheet before the add-on: no 'Export Status' or 'Staged Count' columns",
    options: { withExportColumns: false },
  },
};

export interface StartOptions {
  port: number;
  speed: number;
  reset: boolean;
  /** Set when a demo option was given: those options seed a fresh demo. */
  demo?: DemoOptions;
}

export type CommandLine = { help: true } | { help: false; options: StartOptions };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm start [-- options]

  --demo NAME           the demo to seed: ${Object.entries(DEMO_PRESETS)
    .map(([name]) => name)
    .join(', ')}
${Object.entries(DEMO_PRESETS)
  .map(([name, preset]) => `                          ${name}: ${preset.about}`)
  .join('\n')}
  --tasks N             rows of the tracking sheet, bad cases included (1 to ${MAX_TASKS}, default 24)
  --files-per-task N    files of each valid task (${MIN_FILES_PER_TASK} to ${MAX_FILES_PER_TASK}, default 8)
  --no-invalid          no bad cases (as --demo clean)
  --legacy              no export columns in the sheet (as --demo legacy)
  --speed N             simulated seconds per real second (default ${START_SPEED})
  --port N              port on 127.0.0.1 (default ${START_PORT}, or the PORT variable)
  --reset               start again from fresh demo data
  --help                show this help

Any demo option starts a fresh demo (as --reset); without one, the saved demo is kept.
Example: npm start -- --demo hostile --tasks 60`;

/** `env` is for PORT only: the flag wins over it. */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CommandLine {
  const options: StartOptions = {
    port: env.PORT === undefined ? START_PORT : port(env.PORT, 'PORT'),
    speed: START_SPEED,
    reset: false,
  };
  const demo: DemoOptions = {};
  let demoGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--reset':
        noValue();
        options.reset = true;
        break;
      case '--speed':
        options.speed = speed(value());
        break;
      case '--port':
        options.port = port(value(), '--port');
        break;
      case '--demo': {
        const name = value();
        const preset = Object.prototype.hasOwnProperty.call(DEMO_PRESETS, name)
          ? DEMO_PRESETS[name]
          : undefined;
        if (!preset) {
          throw new UsageError(
            `--demo "${name}" is not a demo; choose one of ${Object.keys(DEMO_PRESETS).join(', ')}`,
          );
        }
        Object.assign(demo, preset.options);
        demoGiven = true;
        break;
      }
      case '--tasks':
        demo.tasks = integer(value(), '--tasks', 1, MAX_TASKS);
        demoGiven = true;
        break;
      case '--files-per-task':
        demo.filesPerTask = integer(
          value(),
          '--files-per-task',
          MIN_FILES_PER_TASK,
          MAX_FILES_PER_TASK,
        );
        demoGiven = true;
        break;
      case '--no-invalid':
        noValue();
        demo.invalid = false;
        demoGiven = true;
        break;
      case '--legacy':
        noValue();
        demo.withExportColumns = false;
        demoGiven = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(argv[i])}`);
    }
  }
  if (demoGiven) {
    options.demo = demo;
    options.reset = true;
  }
  return { help: false, options };
}

function splitFlag(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return arg.startsWith('--') && at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

function integer(text: string, name: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

function port(text: string, name: string): number {
  return integer(text, name, 0, 65535);
}

function speed(text: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0)) throw new UsageError(`--speed must be a number above 0, got "${text}"`);
  return n;
}
