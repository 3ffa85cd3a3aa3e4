/**
 * Admins: a visitor's data on request — download everything stored about them (JSON), or erase
 * it after a confirmation that names what goes. Self-contained, the last section of the visitor
 * panel.
 */
import type { ConversationSummary } from '@switchboard/protocol';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { saveBlob } from '../download.js';
import { useConsole } from './context.js';
import { Section } from './VisitorSection.js';

export function VisitorData({ c }: { c: ConversationSummary }) {
  const { api, state, announce } = useConsole();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const eraseButton = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (confirming) eraseButton.current?.focus();
  }, [confirming]);
  if (state.me?.role !== 'admin') return null;
  const v = c.visitor;

  async function download() {
    try {
      const data = await api.exportVisitor(v.id);
      saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `switchboard-visitor-${v.id}.json`);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function erase() {
    try {
      const r = await api.eraseVisitor(v.id);
      const text = `Erased: ${r.conversations} conversations, ${r.messages} messages, ${r.tickets} tickets.`;
      setResult(text);
      announce(text);
      setConfirming(false);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <Section title="Visitor's data" headingId="vd-title">
      <div class="visitor-data" role="region" aria-labelledby="vd-title">
        {v.consentAt ? <p class="hint">Accepted the privacy policy on {new Date(v.consentAt).toLocaleString()}.</p> : null}
        <div class="buttons">
          <button type="button" onClick={download}>
            Export data (JSON)
          </button>
          <button type="button" class="danger" aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>
            Erase visitor…
          </button>
        </div>
        {confirming && (
          <div class="confirm" role="alertdialog" aria-labelledby="vd-confirm-t" aria-describedby="vd-confirm-d">
            <p id="vd-confirm-t">
              <strong>Erase everything about {v.name || 'this visitor'}?</strong>
            </p>
            <p id="vd-confirm-d" class="hint">
              Their name, e-mail, identity and every message of their conversations are removed for good; open conversations close. Reports keep their counts.
            </p>
            <div class="buttons">
              <button type="button" class="danger" ref={eraseButton} onClick={erase}>
                Erase
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
        {result && (
          <p class="saved" role="status">
            {result}
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Section>
  );
}
