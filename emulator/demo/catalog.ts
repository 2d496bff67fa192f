/** The vocabulary of the demo: people, products and work batches, drawn from the workspace seed. */
import { SeededRandom } from '../core/random';

const AGENTS = [
  'maria.lopez@example.com',
  'kenji.tanaka@example.com',
  'amara.okafor@example.com',
  'liam.walsh@example.com',
  'priya.nair@example.com',
];

const REVIEWERS = ['dana.qa@example.com', 'tomas.qa@example.com', 'ines.qa@example.com'];

const MATERIALS = [
  'oak',
  'walnut',
  'birch',
  'teak',
  'steel',
  'brass',
  'linen',
  'velvet',
  'marble',
  'rattan',
  'leather',
  'ceramic',
  'glass',
  'bamboo',
  'wool',
  'concrete',
];

const ITEMS = [
  'chair',
  'table',
  'lamp',
  'sofa',
  'stool',
  'shelf',
  'desk',
  'vase',
  'bench',
  'cabinet',
  'ottoman',
  'mirror',
  'sideboard',
  'armchair',
  'planter',
  'bed_frame',
];

const SHAPES = ['round', 'tall', 'low', 'mini', 'modular', 'curved'];

export function pick<T>(random: SeededRandom, list: readonly T[]): T {
  return list[random.int(list.length)];
}

export interface People {
  agents: string[];
  reviewers: string[];
}

/** 4-5 agents and 2-3 reviewers, as a small production team has. */
export function drawPeople(random: SeededRandom): People {
  return {
    agents: AGENTS.slice(0, 4 + random.int(2)),
    reviewers: REVIEWERS.slice(0, 2 + random.int(2)),
  };
}

/** "oak_chair", now and then "round_oak_chair": enough variety that folder names rarely repeat. */
export function drawProduct(random: SeededRandom): string {
  const base = `${pick(random, MATERIALS)}_${pick(random, ITEMS)}`;
  return random.next() < 0.25 ? `${pick(random, SHAPES)}_${base}` : base;
}

export interface WorkBatch {
  id: string;
  /** Window in which its tasks were created (ms since epoch). */
  start: number;
  end: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH_DAYS = 9;
/** The first batch opens this long before "now"; every date of the demo stays before now. */
const HISTORY_DAYS = 56;

/**
 * 3-4 consecutive work batches in the weeks before `now`, named after the month they opened in:
 * B-2026-10-A, B-2026-10-B, B-2026-11-A...
 */
export function drawBatches(random: SeededRandom, now: number): WorkBatch[] {
  const count = 3 + random.int(2);
  const first = now - HISTORY_DAYS * DAY_MS + (4 - count) * BATCH_DAYS * DAY_MS;
  const perMonth = new Map<string, number>();
  const batches: WorkBatch[] = [];
  for (let i = 0; i < count; i++) {
    const start = first + i * BATCH_DAYS * DAY_MS;
    const d = new Date(start);
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const n = perMonth.get(month) ?? 0;
    perMonth.set(month, n + 1);
    const id = `B-${month}-${String.fromCharCode(65 + n)}`;
    batches.push({ id, start, end: start + BATCH_DAYS * DAY_MS });
  }
  return batches;
}
