import { tell } from './sidebars';

/** Menu items whose feature is not built yet say so plainly instead of failing. */
export function notBuiltYet(feature: string): void {
  tell(feature, `"${feature}" is not built yet. It will be available in a later version.`);
}
