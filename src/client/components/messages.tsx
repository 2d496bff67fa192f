import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

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

/**
 * The answer to something the person just did, brought into view as it appears: a sidebar is
 * short, and an answer below the fold reads as no answer at all. Only on appearing, so that it
 * never pulls the page back while the person scrolls.
 */
export function InView({ shows, children }: { shows: string; children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  // `shows` names the answer: a new answer in the same place is brought into view too.
  useEffect(() => {
    if (box.current) bringIntoView(box.current);
  }, [shows]);
  return <div ref={box}>{children}</div>;
}

/**
 * Scrolls the least that shows all of `el` above the page's pinned action bar, which covers the
 * foot of the sidebar (scrollIntoView alone would leave the answer under it).
 */
function bringIntoView(el: HTMLElement): void {
  const GAP = 8;
  const box = el.getBoundingClientRect();
  const bar = document.querySelector('.action-bar')?.getBoundingClientRect();
  const bottom = Math.min(window.innerHeight, bar?.top ?? window.innerHeight);
  if (box.bottom + GAP > bottom)
    window.scrollBy(0, Math.min(box.bottom + GAP - bottom, box.top - GAP));
  else if (box.top < GAP) window.scrollBy(0, box.top - GAP);
}
