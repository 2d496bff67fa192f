import { SeededRandom } from '../core/random';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A Drive-like item id: items created today carry 33-character ids that start with "1" and use
 * letters, digits, "-" and "_". Drawn from the workspace seed so a run repeats.
 */
export function newDriveId(random: SeededRandom): string {
  let id = '1';
  for (let i = 0; i < 32; i += 1) id += ID_ALPHABET[random.int(ID_ALPHABET.length)];
  return id;
}
