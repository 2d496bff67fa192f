/** PLAN 7.2: shown when the old Export Wizard was used; the export now has two phases. */
export function LegacyNotice({ onDismiss }: { onDismiss(): void }) {
  return (
    <div class="message notice" role="note" aria-label="The export has changed">
      <p>
        <strong>Exports now happen in two steps.</strong> The old Export Wizard has been replaced.
      </p>
      <p>
        1. <strong>Stage tasks for export</strong> (this wizard) copies the tasks into the internal
        staging folder, where they can be reviewed. Nothing reaches the client yet.
      </p>
      <p>
        2. <strong>Deliver staged export</strong> then copies a reviewed batch to the client's
        folder.
      </p>
      <p>Both are in the menu Production Tracker › Tools.</p>
      <button type="button" class="link" onClick={onDismiss}>
        Got it
      </button>
    </div>
  );
}
