import type { ComponentChildren } from 'preact';
import { closeSidebar } from '../rpc';

/** "Step 2 of 4" above the step's title. */
export function StepHeader({ step, of, title }: { step: number; of: number; title: string }) {
  return (
    <header>
      <p class="step-count">
        Step {step} of {of}
      </p>
      <h1>{title}</h1>
    </header>
  );
}

/** A step's or page's main buttons: a bar pinned to the bottom of the sidebar (sidebar.css). */
export function Buttons({ children }: { children: ComponentChildren }) {
  return <div class="buttons action-bar">{children}</div>;
}

/**
 * A link to a Drive item, opened in a new tab. Only https links are made clickable: a URL is data
 * from the server, and a `javascript:` one must never run.
 */
/** The foot of a page that lists what stands now: look again, or close the sidebar. */
export function RefreshAndClose({ busy, onRefresh }: { busy: boolean; onRefresh: () => void }) {
  return (
    <Buttons>
      <button type="button" disabled={busy} onClick={onRefresh}>
        Refresh
      </button>
      <button type="button" disabled={busy} onClick={closeSidebar}>
        Close
      </button>
    </Buttons>
  );
}

export function ExternalLink({
  href,
  children,
}: {
  href: string | null;
  children: ComponentChildren;
}) {
  if (!href || !/^https:\/\//i.test(href)) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
