/** How figures read in the sidebars. */

export { bytes, plural, reviewWords, statusWords, unreviewedWords } from '../shared/format';

/** An ISO time as the person's browser shows dates and times. */
export function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return isNaN(+date) ? iso : date.toLocaleString();
}
