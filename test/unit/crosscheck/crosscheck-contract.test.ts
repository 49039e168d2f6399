import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartQuery, chartSeriesOf } from '../../../src/crosscheck/chart-series.js';
import type { RawSeries } from '../../../src/crosscheck/series.js';

const root = new URL('../../../', import.meta.url).pathname;
const dir = join(root, 'src/crosscheck');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

describe('src/crosscheck', () => {
  it('is pure: no I/O, platform or adapter imports', () => {
    const forbidden = /from ['"](node:|@kubernetes\/|@slack\/|ws['"]|bullmq|ioredis|[./]*(adapters|cli)\/)/;
    expect(sources.filter((s) => forbidden.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it('documents every finding id it can emit in docs/findings.md', () => {
    const catalogue = readFileSync(join(root, 'docs/findings.md'), 'utf8');
    const ids = sources.flatMap((s) => [...s.text.matchAll(/_ID = '([a-z0-9-]+\.[a-z0-9-]+)'/g)].map((m) => m[1]!));
    expect(ids.sort()).toEqual(['prometheus.conntrack-mismatch', 'prometheus.no-series', 'prometheus.stale-series']);
    for (const id of ids) expect(catalogue, id).toMatch(new RegExp(`^\\| \`${id.replace('.', '\\.')}\` \\|`, 'm'));
  });
});

describe('chart series', () => {
  const target = { instance: '10.0.0.7:9100', job: 'node' };

  it('asks for entries, limit and three counters summed by name for one target', () => {
    expect(chartQuery('instance="10.0.0.7:9100",job="node"')).toBe(
      'sum by (__name__) ({__name__=~"node_nf_conntrack_entries|node_nf_conntrack_entries_limit|node_nf_conntrack_stat_insert_failed|node_nf_conntrack_stat_drop|node_nf_conntrack_stat_early_drop",instance="10.0.0.7:9100",job="node"})',
    );
  });

  it('orders the metrics, drops NaN points and others, and thins long series keeping the last point', () => {
    const points = (n: number, v = 1): RawSeries['points'] => Array.from({ length: n }, (_, i) => [1000 + i * 15, v]);
    const raw: RawSeries[] = [
      { labels: { __name__: 'node_nf_conntrack_stat_drop' }, points: points(3) },
      { labels: { __name__: 'node_nf_conntrack_entries' }, points: [...points(2000), [40_000, Number.NaN]] },
      { labels: { __name__: 'something_else' }, points: points(3) },
    ];
    const series = chartSeriesOf('node-7', target, raw, 100);
    expect(series.map((s) => s.metric)).toEqual(['node_nf_conntrack_entries', 'node_nf_conntrack_stat_drop']);
    expect(series[0]).toMatchObject({ node: 'node-7', instance: '10.0.0.7:9100' });
    expect(series[0]!.points.length).toBeLessThanOrEqual(100);
    expect(series[0]!.points[0]).toEqual([1000, 1]);
    expect(series[0]!.points.at(-1)).toEqual([1000 + 1999 * 15, 1]);
    expect(series[1]!.points).toHaveLength(3);
  });
});
