import type { ComponentChildren } from 'preact';

/** A failure, read out by screen readers as it appears. */
export function ErrorMessage({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div class="message error" role="alert">
      {text}
    </div>
  );
}

/** Something the person must read before going on (an override, a task that will fail). */
export function Warning({ children }: { children: ComponentChildren }) {
  return (
    <div class="message warning" role="note">
      {children}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="message notice" role="status">
      {children}
    </div>
  );
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="message success" role="status">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="secondary" role="status">
      {what}…
    </p>
  );
}
