/** Size of a string as the services count it: UTF-8 bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Apps Script byte arrays hold Java bytes: signed, -128 to 127. */
export function toJavaBytes(buffer: Uint8Array): number[] {
  return Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
}

export function fromJavaBytes(bytes: readonly number[]): Buffer {
  return Buffer.from(bytes.map((b) => b & 0xff));
}
