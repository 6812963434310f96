/**
 * Text for the headset drawn on a 2D canvas and used as a texture: no font files to fetch (the
 * twin runs offline), any system font, and large, high-contrast text that stays readable at arm's
 * length in a headset (about 0.04 m cap height at 0.8 m).
 */
import { CanvasTexture, SRGBColorSpace } from 'three';

export interface LabelStyle {
  widthPx: number;
  heightPx: number;
  background: string;
  colour: string;
  fontPx: number;
  bold?: boolean;
  align?: 'left' | 'center';
}

/** Wrap `text` to lines that fit `maxWidth` px with the context's current font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (ctx.measureText(candidate).width > maxWidth && line !== '') {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

export function drawLabel(canvas: HTMLCanvasElement, text: string, style: LabelStyle): void {
  canvas.width = style.widthPx;
  canvas.height = style.heightPx;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.fillStyle = style.background;
  ctx.beginPath();
  ctx.roundRect(0, 0, style.widthPx, style.heightPx, Math.min(24, style.heightPx / 4));
  ctx.fill();
  ctx.fillStyle = style.colour;
  ctx.font = `${style.bold === true ? '700 ' : ''}${style.fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = style.align ?? 'center';
  const pad = style.fontPx * 0.6;
  const lines = wrap(ctx, text, style.widthPx - 2 * pad);
  const lineHeight = style.fontPx * 1.25;
  const top = style.heightPx / 2 - ((lines.length - 1) * lineHeight) / 2;
  const x = style.align === 'left' ? pad : style.widthPx / 2;
  lines.forEach((line, k) => ctx.fillText(line, x, top + k * lineHeight));
}

export function labelTexture(text: string, style: LabelStyle): CanvasTexture {
  const canvas = document.createElement('canvas');
  drawLabel(canvas, text, style);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}
