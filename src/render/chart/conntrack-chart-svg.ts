// A node's conntrack usage over the last hour as an SVG: entries as a percentage of the limit with the 75 % and
// 90 % lines, and a small panel with the insert_failed / drop / early_drop rates. Deterministic and pure: the same
// series give the same bytes.
import {
  CHART_STATS,
  ENTRIES,
  LIMIT,
  type NodeSeries,
  type SeriesPoint,
  STAT_PREFIX,
} from '../../crosscheck/series.js';
import { coord, escapeXml, FONT_FAMILY, line, polyline, text } from './svg-text.js';

export interface ConntrackChartOptions {
  node: string;
  /** @defaultValue 720 */
  width?: number;
  /** @defaultValue 360 */
  height?: number;
  /** Seconds of history shown, ending at the newest sample. @defaultValue 3600 */
  windowSeconds?: number;
}

const COLORS = {
  usage: '#1f6fb2',
  warn: '#e08a00',
  crit: '#d12f2f',
  grid: '#e3e3e3',
  axis: '#888888',
  insert_failed: '#d12f2f',
  drop: '#7b3fb5',
  early_drop: '#6b6b6b',
} as const;

/** `HH:MM` in UTC of epoch seconds. */
function clock(t: number): string {
  return new Date(Math.round(t) * 1000).toISOString().slice(11, 16);
}

/** The limit in force at time `t`: the latest limit sample at or before it (else the first one). */
function limitAt(limits: readonly SeriesPoint[], t: number): number | undefined {
  let value = limits[0]?.[1];
  for (const [lt, lv] of limits) {
    if (lt > t) break;
    value = lv;
  }
  return value;
}

/** Per-second increase of a cumulative counter between samples; a reset (a decrease) counts as no increase. */
export function counterRate(points: readonly SeriesPoint[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (let i = 1; i < points.length; i++) {
    const [t0, v0] = points[i - 1]!;
    const [t1, v1] = points[i]!;
    if (t1 <= t0) continue;
    out.push([t1, Math.max(0, (v1 - v0) / (t1 - t0))]);
  }
  return out;
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function formatRate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2);
}

/** The chart of one node's conntrack usage (see the file comment). */
export function conntrackChartSvg(series: readonly NodeSeries[], options: ConntrackChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const window = options.windowSeconds ?? 3600;
  const mine = series.filter((s) => s.node === options.node);
  const pointsOf = (metric: string) =>
    [...(mine.find((s) => s.metric === metric)?.points ?? [])].sort((a, b) => a[0] - b[0]);
  const entries = pointsOf(ENTRIES);
  const limits = pointsOf(LIMIT);
  const stats = CHART_STATS.map((stat) => ({ stat, rates: counterRate(pointsOf(`${STAT_PREFIX}${stat}`)) }));
  const all = [entries, limits, ...stats.map((s) => s.rates)].flat();
  const end = all.length > 0 ? Math.max(...all.map((p) => p[0])) : 0;
  const start = end - window;
  const inWindow = (points: readonly SeriesPoint[]) => points.filter((p) => p[0] >= start && p[0] <= end);

  const left = 64;
  const right = width - 20;
  const top = 52;
  const mainBottom = Math.round(top + (height - top - 40) * 0.66);
  const ratesTop = mainBottom + 26;
  const ratesBottom = height - 30;
  const x = (t: number) => left + ((t - start) / window) * (right - left);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(`${options.node}: conntrack table usage, last hour`)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    text(left, 22, `${options.node}: conntrack table usage, last hour (UTC)`, {
      size: 14,
      weight: 'bold',
      fill: '#111111',
    }),
  ];

  const usage = inWindow(entries).flatMap(([t, v]): SeriesPoint[] => {
    const limit = limitAt(limits, t);
    return limit && limit > 0 ? [[t, (v / limit) * 100]] : [];
  });
  if (usage.length === 0) {
    out.push(
      `<rect x="${left}" y="${top}" width="${coord(right - left)}" height="${coord(ratesBottom - top)}" fill="none" stroke="${COLORS.grid}"/>`,
      text(
        (left + right) / 2,
        (top + ratesBottom) / 2,
        'No conntrack series from Prometheus for this node in the last hour',
        { anchor: 'middle', size: 13 },
      ),
      '</svg>',
    );
    return `${out.join('\n')}\n`;
  }

  const peak = Math.max(...usage.map((p) => p[1]));
  const yMax = Math.max(100, Math.ceil(peak / 25) * 25);
  const y = (pct: number) => mainBottom - (pct / yMax) * (mainBottom - top);
  for (let pct = 0; pct <= yMax; pct += 25) {
    out.push(
      line(left, y(pct), right, y(pct), COLORS.grid),
      text(left - 6, y(pct) + 4, `${pct}%`, { anchor: 'end', fill: '#555555' }),
    );
  }
  out.push(
    line(left, y(75), right, y(75), COLORS.warn, 'stroke-dasharray="6 4" stroke-width="1.5"'),
    text(left + 4, y(75) - 4, '75% warning', { fill: COLORS.warn, size: 10 }),
    line(left, y(90), right, y(90), COLORS.crit, 'stroke-dasharray="6 4" stroke-width="1.5"'),
    text(left + 4, y(90) - 4, '90% critical', { fill: COLORS.crit, size: 10 }),
    polyline(
      usage.map(([t, v]) => [x(t), y(v)]),
      COLORS.usage,
    ),
  );
  const last = inWindow(entries).at(-1)!;
  const lastLimit = limitAt(limits, last[0]) ?? 0;
  const lastPct = usage.at(-1)![1];
  out.push(
    text(
      left,
      40,
      `now ${lastPct.toFixed(1)}% (${formatCount(last[1])} of ${formatCount(lastLimit)} entries), peak ${peak.toFixed(1)}%`,
      {
        fill: COLORS.usage,
      },
    ),
  );

  // The counters' panel.
  const rates = stats.map((s) => ({ stat: s.stat, rates: inWindow(s.rates) })).filter((s) => s.rates.length > 0);
  const rateMax = Math.max(0, ...rates.flatMap((s) => s.rates.map((p) => p[1])));
  const rateTop = rateMax > 0 ? rateMax * 1.15 : 1;
  const yr = (v: number) => ratesBottom - (v / rateTop) * (ratesBottom - ratesTop);
  out.push(
    line(left, ratesBottom, right, ratesBottom, COLORS.axis),
    line(left, ratesTop, right, ratesTop, COLORS.grid),
    text(left - 6, ratesBottom + 4, '0/s', { anchor: 'end', fill: '#555555', size: 10 }),
    text(left - 6, ratesTop + 4, `${formatRate(rateTop)}/s`, { anchor: 'end', fill: '#555555', size: 10 }),
  );
  if (rates.length === 0) {
    out.push(text(left + 6, ratesTop + 14, 'no insert_failed / drop series', { fill: '#777777', size: 10 }));
  }
  let legendX = left + 6;
  for (const { stat, rates: points } of rates) {
    out.push(
      polyline(
        points.map(([t, v]) => [x(t), yr(v)]),
        COLORS[stat],
        1.5,
      ),
    );
    const label = `${stat}/s (max ${formatRate(Math.max(...points.map((p) => p[1])))})`;
    out.push(text(legendX, ratesTop - 6, label, { fill: COLORS[stat], size: 10 }));
    legendX += label.length * 6 + 16;
  }

  // Time axis: a tick every 15 minutes, aligned to the clock.
  const firstTick = Math.ceil(start / 900) * 900;
  for (let t = firstTick; t <= end; t += 900) {
    out.push(
      line(x(t), mainBottom, x(t), mainBottom + 4, COLORS.axis),
      text(x(t), height - 12, clock(t), { anchor: 'middle', fill: '#555555', size: 10 }),
    );
  }
  out.push(line(left, mainBottom, right, mainBottom, COLORS.axis), line(left, top, left, mainBottom, COLORS.axis));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
