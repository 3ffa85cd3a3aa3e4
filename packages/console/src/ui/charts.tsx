/**
 * Two tiny SVG charts for the reports: bars (counts per day) and a line (a rate or duration per
 * day, gaps where a day has no value). The per-day table next to them carries the exact numbers.
 */

export interface Point {
  /** Shown under the bar or point (keep it short). */
  label: string;
  value: number | null;
}

const W = 360;
const H = 140;
const PAD = { l: 34, r: 8, t: 8, b: 22 };

/** Up to about five round ticks from 0 to at least `max` (whole numbers for counts). */
export function ticks(max: number, integer = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    out.push(Number(v.toPrecision(6)));
    if (v >= max) break;
  }
  return out;
}

function Axes({ max, points, format, integer = false }: { max: number; points: Point[]; format(v: number): string; integer?: boolean }) {
  const innerH = H - PAD.t - PAD.b;
  const every = Math.max(1, Math.ceil(points.length / 7));
  const x = (i: number) => PAD.l + ((i + 0.5) * (W - PAD.l - PAD.r)) / points.length;
  return (
    <g aria-hidden="true">
      {ticks(max, integer).map((t) => {
        const y = PAD.t + innerH - (max ? (t / max) * innerH : 0);
        return (
          <g key={t}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y} y2={y} stroke="#d5d9de" />
            <text x={PAD.l - 4} y={y + 3} text-anchor="end">
              {format(t)}
            </text>
          </g>
        );
      })}
      {points.map((p, i) =>
        i % every === 0 ? (
          <text key={p.label} x={x(i)} y={H - 6} text-anchor="middle">
            {p.label}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function BarChart({ title, points, format = String }: { title: string; points: Point[]; format?(v: number): string }) {
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const top = ticks(max, true).at(-1) ?? max;
  const innerW = W - PAD.l - PAD.r;
  const innerH = H - PAD.t - PAD.b;
  const bw = Math.max(1, (innerW / Math.max(1, points.length)) * 0.7);
  const summary = points.map((p) => `${p.label}: ${p.value === null ? 'none' : format(p.value)}`).join(', ');
  return (
    <figure class="card chart">
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`}>
        <Axes max={top} points={points} format={format} integer />
        {points.map((p, i) => {
          const h = ((p.value ?? 0) / top) * innerH;
          const cx = PAD.l + ((i + 0.5) * innerW) / points.length;
          return <rect key={p.label} x={cx - bw / 2} y={PAD.t + innerH - h} width={bw} height={h} fill="#0b57a4" rx="1" />;
        })}
      </svg>
    </figure>
  );
}

export function LineChart({ title, points, format = String, max: fixedMax }: { title: string; points: Point[]; format?(v: number): string; max?: number }) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const top = fixedMax ?? (ticks(Math.max(0, ...values)).at(-1) || 1);
  const innerW = W - PAD.l - PAD.r;
  const innerH = H - PAD.t - PAD.b;
  const xy = (i: number, v: number) => [PAD.l + ((i + 0.5) * innerW) / points.length, PAD.t + innerH - (v / top) * innerH] as const;
  // Separate runs so days without a value leave a gap instead of a misleading line.
  const runs: string[] = [];
  let run: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) runs.push(run.join(' '));
      run = [];
    } else run.push(xy(i, p.value).map((n) => n.toFixed(1)).join(','));
  });
  if (run.length) runs.push(run.join(' '));
  const summary = points.map((p) => `${p.label}: ${p.value === null ? 'no data' : format(p.value)}`).join(', ');
  return (
    <figure class="card chart">
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`}>
        <Axes max={top} points={points} format={format} />
        {runs.map((r) => (
          <polyline key={r} points={r} fill="none" stroke="#8a4600" stroke-width="2" />
        ))}
        {points.map((p, i) => {
          if (p.value === null) return null;
          const [cx, cy] = xy(i, p.value);
          return <circle key={p.label} cx={cx} cy={cy} r="2.5" fill="#8a4600" />;
        })}
      </svg>
    </figure>
  );
}
