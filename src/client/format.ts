/** How figures read in the sidebars. */

export { bytes } from '../shared/format';

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** An ISO time as the person's browser shows dates and times. */
export function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return isNaN(+date) ? iso : date.toLocaleString();
}
