/** The forms that replace the composer: pre-chat, offline message, and the CSAT prompt. */
import { useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en.js';
import { fmt } from '../i18n/index.js';

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'textarea';
  required?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validate(fields: Field[], values: Record<string, string>, t: Strings, consent?: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (consent !== undefined && !values.consent) errors.consent = t.consentNeeded;
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (f.required && !v) errors[f.name] = t.required;
    else if (v && f.type === 'email' && !EMAIL.test(v)) errors[f.name] = t.badEmail;
  }
  return errors;
}

interface FormProps {
  id: string;
  title: string;
  fields: Field[];
  t: Strings;
  submit: string;
  onSubmit: (values: Record<string, string>) => void;
  onCancel?: () => void;
  /** The site's privacy policy: a required "I accept" checkbox links to it (its value: `consent`). */
  consent?: string | undefined;
}

export function FieldsForm({ id, title, fields, t, submit, onSubmit, onCancel, consent }: FormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ref = useRef<HTMLFormElement>(null);
  return (
    <form
      ref={ref}
      class="form"
      noValidate
      aria-labelledby={`${id}-t`}
      onSubmit={(e) => {
        e.preventDefault();
        const errs = validate(fields, values, t, consent);
        setErrors(errs);
        const bad = Object.keys(errs)[0];
        if (bad) ref.current?.querySelector<HTMLElement>(`[name="${bad}"]`)?.focus();
        else onSubmit({ ...Object.fromEntries(fields.map((f) => [f.name, (values[f.name] ?? '').trim()])), ...(values.consent ? { consent: '1' } : {}) });
      }}
    >
      <p id={`${id}-t`}>{title}</p>
      {fields.map((f) => {
        const fid = `${id}-${f.name}`;
        const err = errors[f.name];
        const common = {
          id: fid,
          name: f.name,
          value: values[f.name] ?? '',
          'aria-required': f.required ? ('true' as const) : undefined,
          'aria-invalid': err ? ('true' as const) : undefined,
          'aria-describedby': err ? `${fid}-e` : undefined,
          onInput: (e: Event) => setValues({ ...values, [f.name]: (e.currentTarget as HTMLInputElement).value }),
        };
        return (
          <div key={f.name}>
            <label for={fid}>
              {f.label}
              {f.required ? ' *' : ''}
            </label>
            {f.type === 'textarea' ? (
              <textarea rows={3} {...common} />
            ) : (
              <input type={f.type ?? 'text'} autoComplete={f.type === 'email' ? 'email' : f.name === 'name' ? 'name' : 'on'} {...common} />
            )}
            {err && (
              <p class="err" id={`${fid}-e`}>
                {err}
              </p>
            )}
          </div>
        );
      })}
      {consent !== undefined && <Consent id={id} url={consent} t={t} checked={!!values.consent} err={errors.consent} onChange={(on) => setValues({ ...values, consent: on ? '1' : '' })} />}
      <div class="row">
        {onCancel && (
          <button type="button" class="btn ghost" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
        <button type="submit" class="btn">
          {submit}
        </button>
      </div>
    </form>
  );
}

function Consent({ id, url, t, checked, err, onChange }: { id: string; url: string; t: Strings; checked: boolean; err: string | undefined; onChange: (on: boolean) => void }) {
  const [before, after] = t.consent.split('{privacy}');
  const cid = `${id}-consent`;
  return (
    <div class="consent">
      <input
        type="checkbox"
        id={cid}
        name="consent"
        checked={checked}
        aria-required="true"
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${cid}-e` : undefined}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={cid}>
        {before}
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t.privacy}
        </a>
        {after}
      </label>
      {err && (
        <p class="err" id={`${cid}-e`}>
          {err}
        </p>
      )}
    </div>
  );
}

export function Rating({ t, onRate }: { t: Strings; onRate: (score: number, comment: string) => void }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (score) onRate(score, comment.trim());
      }}
    >
      <fieldset>
        <legend>{t.rateTitle}</legend>
        <div class="stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= score ? 'on' : ''}>
              <input class="sr" type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />
              <span aria-hidden="true">★</span>
              <span class="sr">{fmt(t.stars, { n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label for="sb-comment">{t.comment}</label>
      <textarea id="sb-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <div class="row">
        <button type="submit" class="btn" disabled={!score}>
          {t.submit}
        </button>
      </div>
    </form>
  );
}
