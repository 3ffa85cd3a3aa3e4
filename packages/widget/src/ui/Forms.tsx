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

export function validate(fields: Field[], values: Record<string, string>, t: Strings): Record<string, string> {
  const errors: Record<string, string> = {};
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
}

export function FieldsForm({ id, title, fields, t, submit, onSubmit, onCancel }: FormProps) {
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
        const errs = validate(fields, values, t);
        setErrors(errs);
        const bad = Object.keys(errs)[0];
        if (bad) ref.current?.querySelector<HTMLElement>(`[name="${bad}"]`)?.focus();
        else onSubmit(Object.fromEntries(fields.map((f) => [f.name, (values[f.name] ?? '').trim()])));
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
