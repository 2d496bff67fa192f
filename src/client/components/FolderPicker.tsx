import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { FolderRef } from '../../shared/rpc';
import { FolderBrowser } from './FolderBrowser';

/**
 * Choosing a Drive folder: paste its link or id, or browse Drive. Either way `onChoose` gets a link
 * or id for the server to check; what was typed stays in the field whatever the answer. The answer
 * is shown next to the control that asked (the field or "Choose this folder"), and an old answer
 * goes as soon as the person moves on (types, browses, opens a folder, switches tab).
 */
export function FolderPicker({
  what,
  busy,
  onChoose,
  recent = [],
  text: keptText,
  onText,
  result = null,
  onMove,
}: {
  /** The folder being chosen, e.g. "staging folder". */
  what: string;
  /** An action of the page is running: nothing can be chosen meanwhile. */
  busy: boolean;
  onChoose(linkOrId: string): void;
  /** Folders this person chose before (the delivery wizard's client folders), newest first. */
  recent?: FolderRef[];
  /** What was typed, kept by the page (so that it outlives this step); kept here otherwise. */
  text?: string;
  onText?(text: string): void;
  /** The answer to the last choice (saved, refused, checking), from the page; null for none. */
  result?: ComponentChildren;
  /** The person moved on: the page forgets the last answer. */
  onMove?(): void;
}) {
  const [ownText, setOwnText] = useState('');
  const text = keptText ?? ownText;
  const setText = (value: string) => (onText ? onText(value) : setOwnText(value));
  const [browsing, setBrowsing] = useState(false);
  const [askedFrom, setAskedFrom] = useState<'field' | 'browser'>('field');
  const choose = (linkOrId: string, from: 'field' | 'browser') => {
    setAskedFrom(from);
    onChoose(linkOrId);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (text.trim() && !busy) choose(text.trim(), 'field');
  };
  const inBrowser = browsing && askedFrom === 'browser';
  return (
    <div>
      {recent.length > 0 ? (
        <div class="field">
          <span class="label">Recently used</span>
          <ul class="plain" aria-label="Recently used folders">
            {recent.map((folder) => (
              <li key={folder.id}>
                <button
                  type="button"
                  class="link"
                  disabled={busy}
                  onClick={() => choose(folder.id, 'field')}
                >
                  {folder.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form onSubmit={submit} class="field">
        <label for="folder-link">Folder link or id</label>
        <input
          id="folder-link"
          type="text"
          value={text}
          placeholder="https://drive.google.com/drive/folders/…"
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => {
            setText((e.currentTarget as HTMLInputElement).value);
            onMove?.();
          }}
        />
        <p class="hint">In Drive, open the folder and copy the address from the browser.</p>
        <div class="buttons">
          <button type="submit" class="action" disabled={busy || text.trim() === ''}>
            Use this folder
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBrowsing(!browsing);
              onMove?.();
            }}
            aria-expanded={browsing}
          >
            {browsing ? 'Hide Drive folders' : 'Browse Drive'}
          </button>
        </div>
      </form>
      {inBrowser ? null : result}
      {browsing ? (
        <FolderBrowser
          what={what}
          disabled={busy}
          onChoose={(folder) => choose(folder.id, 'browser')}
          result={inBrowser ? result : null}
          onMove={onMove}
        />
      ) : null}
    </div>
  );
}
