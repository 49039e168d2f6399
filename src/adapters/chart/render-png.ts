// SVG to PNG for Slack uploads, with resvg (no browser, no native canvas). Text needs a system font: the image and
// the CI install DejaVu Sans, the family netcheck's charts name.
import { Resvg } from '@resvg/resvg-js';

export interface RenderPngOptions {
  /** Output width in pixels; the SVG's own size when absent. */
  width?: number;
}

/** Renders an SVG document to a PNG image. */
export function renderPng(svg: string, options: RenderPngOptions = {}): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
    fitTo: options.width ? { mode: 'width', value: options.width } : { mode: 'original' },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
