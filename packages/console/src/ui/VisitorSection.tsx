/** A section of the visitor panel that keeps its place; open by default, folded with its summary. */
import type { ComponentChildren } from 'preact';

/** `headingId`: for content that names itself by the section's heading (a region, a dialog). */
export function Section({ title, headingId, children }: { title: string; headingId?: string; children: ComponentChildren }) {
  return (
    <details class="vsection" open>
      <summary>
        <h3 id={headingId}>{title}</h3>
      </summary>
      {children}
    </details>
  );
}
