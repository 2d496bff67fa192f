/** Runs once before every test file: finds (or unpacks) the Chromium the browser tests use. */
import { findChromium } from './browser/chromium';

export default function globalSetup(): void {
  findChromium();
}
