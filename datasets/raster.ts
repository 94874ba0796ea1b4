import type { RgbImage } from './png';
import type { Random } from './random';

export type Rgb = readonly [number, number, number];

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Small drawing surface for the demo's synthetic photos: flat shapes, lines and noise. */
export class Raster implements RgbImage {
  readonly pixels: Uint8Array;

  constructor(
    readonly width = 32,
    readonly height = 32,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
  }

  set(x: number, y: number, c: Rgb, alpha = 1): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    for (let k = 0; k < 3; k++) this.pixels[i + k] = clamp(this.pixels[i + k] * (1 - alpha) + c[k] * alpha);
  }

  fill(c: Rgb): this {
    for (let i = 0; i < this.pixels.length; i += 3) this.pixels.set(c.map(clamp), i);
    return this;
  }

  /** Vertical gradient from `top` to `bottom`. */
  gradient(top: Rgb, bottom: Rgb): this {
    for (let y = 0; y < this.height; y++) {
      const t = y / (this.height - 1);
      const c: Rgb = [0, 1, 2].map((k) => top[k] * (1 - t) + bottom[k] * t) as unknown as Rgb;
      for (let x = 0; x < this.width; x++) this.set(x, y, c);
    }
    return this;
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb, alpha = 1): this {
    for (let yy = Math.round(y); yy < Math.round(y + h); yy++)
      for (let xx = Math.round(x); xx < Math.round(x + w); xx++) this.set(xx, yy, c, alpha);
    return this;
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, c: Rgb, alpha = 1): this {
    for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++)
      for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++) {
        const dx = (x - cx) / rx;
        const dy = (y - cy) / ry;
        if (dx * dx + dy * dy <= 1) this.set(x, y, c, alpha);
      }
    return this;
  }

  ring(cx: number, cy: number, r: number, thickness: number, c: Rgb, fromAngle = 0, toAngle = 2 * Math.PI): this {
    for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++)
      for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
        const d = Math.hypot(x - cx, y - cy);
        let a = Math.atan2(y - cy, x - cx);
        if (a < 0) a += 2 * Math.PI;
        if (Math.abs(d - r) <= thickness / 2 && a >= fromAngle && a <= toAngle) this.set(x, y, c);
      }
    return this;
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1): this {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      if (thickness <= 1) this.set(x, y, c);
      else this.ellipse(x, y, thickness / 2, thickness / 2, c);
    }
    return this;
  }

  /** Filled triangle by barycentric test; enough for shades, wedges and shards. */
  triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, c: Rgb): this {
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (area === 0) return this;
    for (let y = Math.floor(Math.min(ay, by, cy)); y <= Math.ceil(Math.max(ay, by, cy)); y++)
      for (let x = Math.floor(Math.min(ax, bx, cx)); x <= Math.ceil(Math.max(ax, bx, cx)); x++) {
        const w0 = ((bx - x) * (cy - y) - (by - y) * (cx - x)) / area;
        const w1 = ((cx - x) * (ay - y) - (cy - y) * (ax - x)) / area;
        if (w0 >= 0 && w1 >= 0 && w0 + w1 <= 1) this.set(x, y, c);
      }
    return this;
  }

  /**
   * Sensor-like noise: a shared brightness wobble per pixel plus a smaller per-channel one.
   * Triangular rather than gaussian noise: indistinguishable at this size and four times cheaper.
   */
  noise(rng: Random, amplitude: number): this {
    const p = this.pixels;
    for (let i = 0; i < p.length; i += 3) {
      const common = (rng.next() + rng.next() - 1) * amplitude;
      p[i] = clamp(p[i] + common + (rng.next() - 0.5) * amplitude * 0.5);
      p[i + 1] = clamp(p[i + 1] + common + (rng.next() - 0.5) * amplitude * 0.5);
      p[i + 2] = clamp(p[i + 2] + common + (rng.next() - 0.5) * amplitude * 0.5);
    }
    return this;
  }
}

export function jitter(rng: Random, c: Rgb, amount: number): Rgb {
  return [clamp(c[0] + rng.normal(0, amount)), clamp(c[1] + rng.normal(0, amount)), clamp(c[2] + rng.normal(0, amount))];
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [clamp(a[0] * (1 - t) + b[0] * t), clamp(a[1] * (1 - t) + b[1] * t), clamp(a[2] * (1 - t) + b[2] * t)];
}
