/**
 * The text of the emails about an export that ended, paused or needs attention while nobody had
 * its page open. Plain text only: task ids and failure reasons come from the sheet and Drive, and
 * in a plain-text body no markup in them can do anything.
 */
import type { JobKind, JobPause, JobSummary } from '../shared/rpc';

export interface Email {
  subject: string;
  body: string;
}

const MENU = 'Production Tracker › Tools';
const SETTING = 'Email me when an export I started finishes, pauses or needs attention';
/** A long list of failures is cut: the Resume failed exports page lists them all. */
const FAILURES_LISTED = 20;
const REASON_CHARS = 300;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function what(kind: JobKind, batchId: string): string {
  return `The ${kind === 'staging' ? 'staging' : 'delivery'} of export batch ${batchId}`;
}

const FOOTER = `You get this email because you started this export and its page was closed. To stop these emails, open ${MENU} › Configure staging folder and untick "${SETTING}".`;

function lines(...parts: Array<string | null>): string {
  return [...parts.filter((p): p is string => p !== null), FOOTER].join('\n\n');
}

/** One line, of bounded length, whatever a name or reason holds. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function finishedEmail(summary: JobSummary): Email {
  const staging = summary.kind === 'staging';
  const failed = summary.failed.length;
  const done = `${plural(summary.succeeded, 'task')} ${staging ? 'staged' : 'delivered'}, ${plural(summary.filesCopied, 'file')} copied`;
  const where = summary.folderUrl
    ? `${staging ? 'Staging folder' : 'Client folder'}: ${summary.folderUrl}`
    : null;
  const sheet = summary.exportSheetUrl ? `Export sheet: ${summary.exportSheetUrl}` : null;
  if (failed === 0) {
    return {
      subject: `Export batch ${summary.batchId} is ${staging ? 'staged' : 'delivered'}`,
      body: lines(
        `${what(summary.kind, summary.batchId)} has finished: ${done}.`,
        where,
        sheet,
        staging
          ? `Once the batch has been reviewed, open ${MENU} › Deliver staged export to send it to the client.`
          : null,
      ),
    };
  }
  const listed = summary.failed
    .slice(0, FAILURES_LISTED)
    // Most reasons name their task already.
    .map((f) =>
      f.reason.includes(f.taskId)
        ? `- ${oneLine(f.reason, REASON_CHARS)}`
        : `- ${oneLine(f.taskId, 100)}: ${oneLine(f.reason, REASON_CHARS)}`,
    )
    .join('\n');
  const more =
    failed > FAILURES_LISTED ? `\n…and ${plural(failed - FAILURES_LISTED, 'more task')}.` : '';
  return {
    subject: `Export batch ${summary.batchId}: ${plural(failed, 'task needs', 'tasks need')} attention`,
    body: lines(
      `${what(summary.kind, summary.batchId)} has finished: ${done}, and ${plural(failed, 'task')} failed.`,
      `${failed === 1 ? 'The task that failed' : 'The tasks that failed'}:\n${listed}${more}`,
      `Open ${MENU} › Resume failed exports to retry ${failed === 1 ? 'it' : 'them'}.`,
      where,
      sheet,
    ),
  };
}

export function pausedEmail(kind: JobKind, batchId: string, pause: JobPause): Email {
  return {
    subject: `Export batch ${batchId} is paused by a daily limit`,
    body: lines(
      `${what(kind, batchId)} is paused. ${pause.message}`,
      `To follow it, open ${MENU} › Export status report.`,
    ),
  };
}

export function stuckEmail(kind: JobKind, batchId: string, cause: string): Email {
  return {
    subject: `Export batch ${batchId} needs attention`,
    body: lines(
      `${what(kind, batchId)} has kept failing for more than half an hour and may not finish by itself. The last error: ${oneLine(cause, 1000)}`,
      `Open ${MENU} › Resume failed exports to finish it, or ${MENU} › Check setup to see what to fix.`,
    ),
  };
}
