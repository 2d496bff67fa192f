/**
 * What each row of the tracking sheet will be, before any file exists: its kind, identity, people,
 * dates and review. Pure apart from the seeded random stream, so a seed always plans the same sheet.
 */
import { SeededRandom } from '../core/random';
import { DAY_MS, People, WorkBatch, drawProduct, pick } from './catalog';
import { ResolvedOptions } from './options';
import { DemoKind, INVALID_KINDS } from './types';

export const HOSTILE_MARKUP = '<img src=x onerror=alert(1)><script>alert(1)</script>';

export type ReviewStatus = '' | 'passed' | 'failed' | 'pending';

export interface RowPlan {
  /** 0-based position among the data rows. */
  index: number;
  kind: DemoKind;
  taskId: string;
  folderName: string;
  batchId: string;
  agent: string;
  status: 'complete' | 'in_progress' | 'blocked';
  created: Date;
  completed: Date | '';
  reviewStatus: ReviewStatus;
  reviewScore: number | '';
  reviewer: string;
  reviewDate: Date | '';
  exportTime: Date | '';
  exportBatchId: string;
}

/** The special rows the options ask for, besides the valid ones. */
export function specialKinds(o: ResolvedOptions): DemoKind[] {
  const kinds: DemoKind[] = o.invalid ? [...INVALID_KINDS] : [];
  for (let i = 0; i < o.alreadyExported; i++) kinds.push('alreadyExported');
  if (o.hostile) kinds.push('hostile');
  if (o.duplicateTaskId) kinds.push('duplicateId', 'duplicateId');
  return kinds;
}

/**
 * Kinds of every row: the special ones in a seeded order, spread evenly among the valid ones so
 * that a filter or a slice that only looks at the end of the sheet cannot miss them.
 */
export function layoutKinds(random: SeededRandom, total: number, special: DemoKind[]): DemoKind[] {
  const kinds: DemoKind[] = new Array(total).fill('valid');
  const order = shuffle(random, special);
  order.forEach((kind, i) => {
    kinds[Math.floor(((i + 0.5) * total) / order.length)] = kind;
  });
  return kinds;
}

function shuffle<T>(random: SeededRandom, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function planRows(
  random: SeededRandom,
  kinds: DemoKind[],
  batches: WorkBatch[],
  people: People,
): RowPlan[] {
  let firstDuplicateId: string | null = null;
  return kinds.map((kind, index) => {
    const batch = batches[Math.floor((index * batches.length) / kinds.length)];
    let taskId = `TSK-${String(index + 1).padStart(4, '0')}`;
    if (kind === 'hostile') taskId += HOSTILE_MARKUP;
    if (kind === 'duplicateId') {
      // The second row of the pair repeats the first one's id, as a copy-paste slip would.
      firstDuplicateId ??= taskId;
      taskId = firstDuplicateId;
    }
    const created = createdDate(random, batch, index, kinds.length, batches.length);
    return {
      index,
      kind,
      taskId,
      folderName: `${taskId}_${drawProduct(random)}`,
      batchId: batch.id,
      agent: pick(random, people.agents),
      ...progress(random, kind, created, people),
    };
  });
}

/** Tasks of a batch were created one after another across the batch's window. */
function createdDate(
  random: SeededRandom,
  batch: WorkBatch,
  index: number,
  total: number,
  batchCount: number,
): Date {
  const slot = (index * batchCount) / total;
  const position = Math.min(0.999, slot - Math.floor(slot) + (random.next() * batchCount) / total);
  return minute(batch.start + position * (batch.end - batch.start));
}

type Progress = Omit<RowPlan, 'index' | 'kind' | 'taskId' | 'folderName' | 'batchId' | 'agent'>;

function progress(random: SeededRandom, kind: DemoKind, created: Date, people: People): Progress {
  const base: Progress = {
    status: 'complete',
    created,
    completed: minute(created.getTime() + random.between(1, 4) * DAY_MS),
    reviewStatus: 'passed',
    reviewScore: 70 + random.int(31),
    reviewer: pick(random, people.reviewers),
    reviewDate: '',
    exportTime: '',
    exportBatchId: '',
  };
  const reviewed = minute((base.completed as Date).getTime() + random.between(0.25, 2) * DAY_MS);
  base.reviewDate = reviewed;
  switch (kind) {
    case 'notComplete':
      return {
        ...base,
        status: random.next() < 0.5 ? 'in_progress' : 'blocked',
        completed: '',
        reviewStatus: '',
        reviewScore: '',
        reviewer: '',
        reviewDate: '',
      };
    case 'reviewPending':
      return { ...base, reviewStatus: 'pending', reviewScore: '', reviewDate: '' };
    case 'reviewFailed':
      return { ...base, reviewStatus: 'failed', reviewScore: 15 + random.int(50) };
    case 'alreadyExported':
      return { ...base, ...legacyExport(random, reviewed) };
    default:
      return base;
  }
}

/** The one-phase export stamped a time and its own batch id, and knew no export status. */
function legacyExport(random: SeededRandom, reviewed: Date) {
  const exportTime = minute(reviewed.getTime() + random.between(1, 4) * DAY_MS);
  const day = exportTime.toISOString().slice(0, 10).replace(/-/g, '');
  return { exportTime, exportBatchId: `EXP-${day}` };
}

function minute(ms: number): Date {
  return new Date(Math.floor(ms / 60_000) * 60_000);
}
