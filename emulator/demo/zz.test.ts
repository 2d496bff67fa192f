import { SeededRandom } from '../core/random';
class R { state: number; constructor(s: number) { this.state = s >>> 0; }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  } }
it('t', () => {
  for (const r of [new SeededRandom(1), new R(1), new SeededRandom(1), new R(1)]) {
  let t = Date.now(); let s = 0;
  for (let i = 0; i < 6_400_000; i++) s += r.next();
  console.log('next', Date.now() - t, s); }
});
