import type { ComponentChildren } from 'preact';

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

export function Buttons({ children }: { children: ComponentChildren }) {
  return <div class="buttons">{children}</div>;
}

/**
 * A link to a Drive item, opened in a new tab. Only https links are made clickable: a URL is data
 * from the server, and a `javascript:` one must never run.
 */
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
