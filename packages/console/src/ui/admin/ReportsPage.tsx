/** Service figures over a date range, per day and per agent, with charts and a CSV export. */
import type { ReportsResponse } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { dayIn, duration, fixed, percent, startOfDay } from '../../format.js';
import { saveBlob } from '../../download.js';
import { BarChart, LineChart } from '../charts.js';
import { useConsole } from '../context.js';

const DAY = 86_400_000;
type Figures = ReportsResponse['totals'];

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?(k: string): string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
}

const COLUMNS: [string, (f: Figures) => string][] = [
  ['Conversations', (f) => String(f.conversations)],
  ['Closed', (f) => String(f.closed)],
  ['Bot deflection', (f) => percent(f.botDeflectionRate)],
  ['Handoffs', (f) => String(f.handoffs)],
  ['First response (median)', (f) => duration(f.firstResponseMs.median)],
  ['First response (p90)', (f) => duration(f.firstResponseMs.p90)],
  ['Avg handle time', (f) => duration(f.avgHandleMs)],
  ['Resolution rate', (f) => percent(f.resolutionRate)],
  ['First contact resolution', (f) => percent(f.firstContactResolutionRate)],
  ['CSAT', (f) => (f.csat.count ? `${fixed(f.csat.average)} (${f.csat.count})` : '—')],
  ['Offline tickets', (f) => String(f.offlineTickets)],
];

function Table({ caption, first, rows }: { caption: string; first: string; rows: { key: string; label: string; f: Figures }[] }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {COLUMNS.map(([h]) => (
              <th key={h} scope="col" class="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {COLUMNS.map(([h, get]) => (
                <td key={h} class="num">
                  {get(r.f)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportsPage() {
  const { api } = useConsole();
  const [tz, setTz] = useState(browserZone);
  const today = dayIn(Date.now(), tz);
  const [fromDay, setFromDay] = useState(() => dayIn(Date.now() - 6 * DAY, browserZone()));
  const [toDay, setToDay] = useState(today);
  const [data, setData] = useState<ReportsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  function range(): { from: number; to: number } | null {
    try {
      const from = startOfDay(fromDay, tz);
      const to = startOfDay(dayIn(startOfDay(toDay, tz) + DAY + 3_600_000 * 3, tz), tz);
      return from < to ? { from, to } : null;
    } catch {
      return null; // an unknown time zone: the form shows the problem
    }
  }

  async function load() {
    const r = range();
    if (!r) return setError('Choose a valid time zone and a start day before the end day.');
    setLoading(true);
    try {
      setData(await api.reports({ from: r.from, to: r.to, tz }));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function csv() {
    const r = range();
    if (!r) return;
    try {
      saveBlob(await api.reportsCsv({ from: r.from, to: r.to, tz }), `switchboard-report-${fromDay}-${toDay}.csv`);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const t = data?.totals;
  const tiles: [string, string, string?][] = t
    ? [
        ['Conversations', String(t.conversations), `${t.closed} closed`],
        ['Bot deflection', percent(t.botDeflectionRate), `${t.handoffs} handoffs`],
        ['First response', duration(t.firstResponseMs.median), `p90 ${duration(t.firstResponseMs.p90)}`],
        ['Avg handle time', duration(t.avgHandleMs)],
        ['Resolution rate', percent(t.resolutionRate)],
        ['First contact resolution', percent(t.firstContactResolutionRate)],
        ['CSAT', t.csat.count ? `${fixed(t.csat.average)} / 5` : '—', `${t.csat.count} rating${t.csat.count === 1 ? '' : 's'}`],
        ['Offline tickets', String(t.offlineTickets)],
      ]
    : [];
  const short = (day: string) => day.slice(5);
  const frtMax = Math.max(0, ...(data?.days ?? []).map((d) => d.firstResponseMs.median ?? 0));
  const frtUnit = frtMax >= 120_000 ? { name: 'minutes', ms: 60_000 } : { name: 'seconds', ms: 1000 };
  return (
    <section class="page" aria-labelledby="reports-title">
      <div class="page-head">
        <h2 id="reports-title">Reports</h2>
        <form
          class="buttons"
          aria-label="Report range"
          onSubmit={(e) => {
            e.preventDefault();
            void load();
          }}
        >
          <label class="inline">
            From <input type="date" value={fromDay} max={toDay} onInput={(e) => setFromDay(e.currentTarget.value)} required />
          </label>
          <label class="inline">
            To <input type="date" value={toDay} min={fromDay} onInput={(e) => setToDay(e.currentTarget.value)} required />
          </label>
          <label class="inline">
            Time zone <input list="tz-list" value={tz} onInput={(e) => setTz(e.currentTarget.value)} size={16} required />
          </label>
          <datalist id="tz-list">
            {zones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <button type="submit" class="primary" disabled={loading}>
            {loading ? 'Loading…' : 'Show'}
          </button>
          <button type="button" onClick={csv} disabled={!data}>
            Export CSV
          </button>
        </form>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && t && (
        <>
          <ul class="tiles" aria-label="Totals">
            {tiles.map(([label, value, sub]) => (
              <li key={label} class="card tile">
                <div class="label">{label}</div>
                <div class="value">{value}</div>
                {sub && <div class="label">{sub}</div>}
              </li>
            ))}
          </ul>
          <div class="charts">
            <BarChart title="Conversations per day" points={data.days.map((d) => ({ label: short(d.day), value: d.conversations }))} />
            <LineChart
              title={`First response, median (${frtUnit.name})`}
              points={data.days.map((d) => ({ label: short(d.day), value: d.firstResponseMs.median === null ? null : d.firstResponseMs.median / frtUnit.ms }))}
              format={(v) => String(Number(v.toPrecision(3)))}
            />
            <LineChart
              title="Bot deflection rate (%)"
              max={100}
              points={data.days.map((d) => ({ label: short(d.day), value: d.botDeflectionRate === null ? null : d.botDeflectionRate * 100 }))}
              format={(v) => v.toFixed(0)}
            />
            <BarChart title="CSAT distribution (ratings per score)" points={t.csat.distribution.map((n, i) => ({ label: `${i + 1}★`, value: n }))} />
          </div>
          <h3>Per day</h3>
          <Table caption="Figures per day" first="Day" rows={data.days.map((d) => ({ key: d.day, label: d.day, f: d }))} />
          <h3>Per agent</h3>
          {data.agents.length ? (
            <Table caption="Figures per agent" first="Agent" rows={data.agents.map((a) => ({ key: a.agentId, label: a.name, f: a }))} />
          ) : (
            <p class="muted">No conversations handled by agents in this range.</p>
          )}
          <p class="hint">Definitions of every figure: docs/metrics.md in the Switchboard repository.</p>
        </>
      )}
    </section>
  );
}
