import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderPng } from '../../../../src/adapters/chart/render-png.js';
import { conntrackChartSvg, counterRate } from '../../../../src/render/chart/conntrack-chart-svg.js';
import { filling } from './chart-series.js';

/** Width and height from a PNG's IHDR chunk. */
function pngHeader(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The RGBA pixels of a PNG, decoded by resvg itself (the PNG drawn as an <image> at its own size). */
function pixelsOf(png: Buffer, width: number, height: number): Buffer {
  const href = `data:image/png;base64,${png.toString('base64')}`;
  const wrapper = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="${href}"/></svg>`;
  return new Resvg(wrapper).render().pixels;
}

/** How many pixels are close to the colour `rgb`. */
function countColor(pixels: Buffer, rgb: [number, number, number], tolerance = 40): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const d = Math.abs(pixels[i]! - rgb[0]) + Math.abs(pixels[i + 1]! - rgb[1]) + Math.abs(pixels[i + 2]! - rgb[2]);
    if (d <= tolerance) n++;
  }
  return n;
}

describe('conntrackChartSvg', () => {
  it('draws the hour as a deterministic SVG', async () => {
    const svg = conntrackChartSvg(filling(), { node: 'node-7', width: 720, height: 360 });
    expect(conntrackChartSvg(filling(), { node: 'node-7', width: 720, height: 360 })).toBe(svg);
    await expect(svg).toMatchFileSnapshot('__snapshots__/conntrack-chart.svg');
  });

  it('labels the axes, the guide lines and the current usage', () => {
    const svg = conntrackChartSvg(filling(), { node: 'node-7' });
    for (const label of [
      'node-7: conntrack table usage, last hour (UTC)',
      '75% warning',
      '90% critical',
      '>0%<',
      '>100%<',
      'now 96.0% (251,658 of 262,144 entries), peak 96.0%',
      '>11:00<',
      '>11:45<',
      '>12:00<',
      'insert_failed/s',
      'drop/s',
    ]) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('escapes the node name and says so when Prometheus has no series', () => {
    const svg = conntrackChartSvg([], { node: 'node-<7>&' });
    expect(svg).toContain('node-&lt;7&gt;&amp;: conntrack');
    expect(svg).toContain('No conntrack series from Prometheus');
  });

  it('ignores other nodes and counter resets', () => {
    expect(
      counterRate([
        [0, 10],
        [10, 30],
        [20, 5],
        [30, 15],
      ]),
    ).toEqual([
      [10, 2],
      [20, 0],
      [30, 1],
    ]);
    const other = conntrackChartSvg(filling('node-8'), { node: 'node-7' });
    expect(other).toContain('No conntrack series');
  });
});

describe('renderPng', () => {
  it('renders a PNG of the chart with its size and drawn pixels', () => {
    const png = renderPng(conntrackChartSvg(filling(), { node: 'node-7', width: 720, height: 360 }));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngHeader(png)).toEqual({ width: 720, height: 360 });
    const pixels = pixelsOf(png, 720, 360);
    expect(pixels.length).toBe(720 * 360 * 4);
    const white = countColor(pixels, [255, 255, 255], 6);
    expect(white).toBeLessThan(720 * 360 * 0.97);
    expect(white).toBeGreaterThan(720 * 360 * 0.5);
    // The usage line (blue) and the insert_failed rate (red) are drawn.
    expect(countColor(pixels, [0x1f, 0x6f, 0xb2])).toBeGreaterThan(300);
    expect(countColor(pixels, [0xd1, 0x2f, 0x2f])).toBeGreaterThan(100);
  });

  it('scales to a requested width', () => {
    const png = renderPng(conntrackChartSvg(filling(), { node: 'node-7', width: 720, height: 360 }), { width: 1440 });
    expect(pngHeader(png)).toEqual({ width: 1440, height: 720 });
  });
});
