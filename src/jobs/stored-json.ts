/**
 * JSON kept in script properties across several keys: one property value holds at most 9 KB, so
 * a larger record is split into chunks written in one `setProperties` call.
 */
const CHUNK_CHARS = 8000;

/** JSON with every non-ASCII character escaped, so its length in characters is its size in bytes. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Writes `value` under `key` (and `alongside`, other properties that must change with it) in one
 * `setProperties` call: a kill leaves all of it or none of it. `previous`, the number of chunks
 * stored under `key` when the caller knows it (it read or wrote them itself), saves reading it
 * again. Returns the number of chunks written.
 */
export function writeJson(
  props: GoogleAppsScript.Properties.Properties,
  key: string,
  value: unknown,
  alongside: Record<string, string> = {},
  previous: number = Number(props.getProperty(key) ?? 0),
): number {
  const text = asciiJson(value);
  const chunks: Record<string, string> = {};
  let count = 0;
  for (let i = 0; i < text.length; i += CHUNK_CHARS) {
    chunks[`${key}#${count}`] = text.slice(i, i + CHUNK_CHARS);
    count += 1;
  }
  props.setProperties({ ...alongside, ...chunks, [key]: String(count) });
  for (let i = count; i < previous; i++) props.deleteProperty(`${key}#${i}`);
  return count;
}

/** The number of chunks stored under `key`, from all the properties as read. */
export function storedChunks(all: Record<string, string>, key: string): number {
  return Number(all[key] ?? 0);
}

export function readJson<T>(
  props: GoogleAppsScript.Properties.Properties,
  key: string,
  all: Record<string, string> = props.getProperties(),
): T | null {
  const count = Number(all[key] ?? 0);
  if (!count) return null;
  let text = '';
  for (let i = 0; i < count; i++) {
    const chunk = all[`${key}#${i}`];
    if (chunk === undefined) return null;
    text += chunk;
  }
  return JSON.parse(text) as T;
}

export function deleteJson(props: GoogleAppsScript.Properties.Properties, key: string): void {
  const count = Number(props.getProperty(key) ?? 0);
  for (let i = 0; i < count; i++) props.deleteProperty(`${key}#${i}`);
  props.deleteProperty(key);
}
