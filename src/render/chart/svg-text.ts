// Small SVG string helpers for netcheck's charts: escaping and fixed-precision coordinates. Pure.

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate with one decimal, so the same input always gives the same bytes. */
export function coord(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** The font every text element names (the CI and the image install DejaVu; resvg needs a real family). */
export const FONT_FAMILY = 'DejaVu Sans';

/** A `<text>` element. */
export function text(
  x: number,
  y: number,
  content: string,
  options: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold' } = {},
): string {
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const weight = options.weight ? ` font-weight="${options.weight}"` : '';
  return `<text x="${coord(x)}" y="${coord(y)}" font-family="${FONT_FAMILY}" font-size="${options.size ?? 11}" fill="${options.fill ?? '#333333'}"${anchor}${weight}>${escapeXml(content)}</text>`;
}

/** A straight line. */
export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): string {
  return `<line x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" stroke="${stroke}"${extra ? ` ${extra}` : ''}/>`;
}

/** A polyline through points (already in pixels). */
export function polyline(points: readonly (readonly [number, number])[], stroke: string, width = 2): string {
  const d = points.map(([x, y]) => `${coord(x)},${coord(y)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"/>`;
}
