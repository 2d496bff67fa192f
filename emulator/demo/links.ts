/**
 * File links as people paste them into a tracking sheet: the sharing link Drive's "Copy link"
 * gives, the older open?id= form, the direct-download form, and now and then a bare id.
 */
import { SeededRandom } from '../core/random';

const SHAPES: Array<{ weight: number; link: (id: string) => string }> = [
  { weight: 0.55, link: (id) => `https://drive.google.com/file/d/${id}/view?usp=sharing` },
  { weight: 0.2, link: (id) => `https://drive.google.com/open?id=${id}` },
  { weight: 0.17, link: (id) => `https://drive.google.com/uc?id=${id}&export=download` },
  { weight: 0.08, link: (id) => id },
];

export function pastedLink(random: SeededRandom, id: string): string {
  let draw = random.next();
  for (const shape of SHAPES) {
    if (draw < shape.weight) return shape.link(id);
    draw -= shape.weight;
  }
  return SHAPES[0].link(id);
}

/** Several renders go in one cell, one link per line. */
export function pastedLinks(random: SeededRandom, ids: string[]): string {
  return ids.map((id) => pastedLink(random, id)).join('\n');
}

/** What a malformed cell holds instead of a Drive link. */
export function notADriveLink(random: SeededRandom, fileName: string): string {
  return random.next() < 0.5
    ? 'see slack'
    : `https://www.dropbox.com/s/${random.int(1e9).toString(36)}/${encodeURIComponent(fileName)}?dl=0`;
}
