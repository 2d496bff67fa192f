/**
 * The emulator's public entry. Tests, the benchmark and the playground use only what is exported
 * here; see emulator/README.md.
 */
export { Workspace, DEFAULT_USER } from './workspace';
export type { WorkspaceOptions } from './workspace';
export type { RunResult, Execution } from './core/runtime';
export type { SentMail } from './services/mail';
export type { FaultKind, FaultRule, CallInfo } from './core/faults';
export { EmulatorUsageError } from './core/errors';
export { DAILY_QUOTAS, QUOTA_MESSAGES, QUOTA_WINDOW_MS } from './core/quotas';
export type { AccountTier, QuotaKind, QuotaLedger } from './core/quotas';
export { seedDemo, TRACKING_HEADERS, DEMO_DRIVE_LIMITS } from './demo';
export type { DemoOptions, DemoWorkspace, DemoKind } from './demo';
