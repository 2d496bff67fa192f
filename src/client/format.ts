/** How figures read in the sidebars. */

export { bytes, plural } from '../shared/format';

/** An ISO time as the person's browser shows dates and times. */
export function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return isNaN(+date) ? iso : date.toLocaleString();
}

/** Export statuses in words (the sheet holds the codes). */
const STATUS_WORDS: Record<string, string> = {
  'not exported': 'Not exported',
  staging: 'Being staged',
  staged: 'Staged, awaiting delivery',
  delivering: 'Being delivered',
  delivered: 'Delivered',
  staging_failed: 'Staging failed',
  delivery_failed: 'Delivery failed',
  invalid: 'Unknown status in the cell',
};

/** A status as ops staff read it; anything unknown is shown as the sheet holds it. */
export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}
