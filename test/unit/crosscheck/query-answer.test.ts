import { describe, expect, it } from 'vitest';
import { seriesOfData } from '../../../src/crosscheck/query-answer.js';

// Shapes as Prometheus 2.x answers them (docs: "Expression query result formats").
describe('seriesOfData', () => {
  it('reads a vector, with special float values', () => {
    const data = {
      resultType: 'vector',
      result: [
        { metric: { __name__: 'node_nf_conntrack_entries', instance: 'a:9100' }, value: [1795462065.378, '42'] },
        { metric: { instance: 'b' }, value: [1795462065.378, '+Inf'] },
        { metric: { instance: 'c' }, value: [1795462065.378, 'NaN'] },
        { metric: { instance: 'd' }, value: [1795462065.378, '-Inf'] },
      ],
    };
    const out = seriesOfData(data)!;
    expect(out.resultType).toBe('vector');
    expect(out.series.map((s) => s.points[0]![1])).toEqual([
      42,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(out.series[0]!.labels).toEqual({ __name__: 'node_nf_conntrack_entries', instance: 'a:9100' });
  });

  it('reads a matrix, a scalar and a string', () => {
    const matrix = seriesOfData({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [1, '1'],
            [2, '2'],
          ],
        },
      ],
    });
    expect(matrix?.series).toEqual([
      {
        labels: {},
        points: [
          [1, 1],
          [2, 2],
        ],
      },
    ]);
    expect(seriesOfData({ resultType: 'scalar', result: [5, '3'] })?.series).toEqual([
      { labels: {}, points: [[5, 3]] },
    ]);
    expect(seriesOfData({ resultType: 'string', result: [5, 'x'] })).toEqual({ resultType: 'string', series: [] });
  });

  it('leaves out native-histogram samples, which carry no float value', () => {
    const out = seriesOfData({ resultType: 'vector', result: [{ metric: { a: 'b' }, histogram: [1, {}] }] });
    expect(out).toEqual({ resultType: 'vector', series: [] });
  });

  it.each([
    ['no data', undefined],
    ['unknown type', { resultType: 'table', result: [] }],
    ['result not a list', { resultType: 'vector', result: {} }],
    ['label not a string', { resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '1'] }] }],
    ['value not a pair', { resultType: 'vector', result: [{ metric: {}, value: [1] }] }],
    ['time not a number', { resultType: 'matrix', result: [{ metric: {}, values: [['1', '1']] }] }],
  ])('rejects %s', (_, data) => {
    expect(seriesOfData(data)).toBeUndefined();
  });
});
