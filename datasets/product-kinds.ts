import type { Random } from './random';
import { type Rgb, Raster, jitter, mix } from './raster';

export interface ProductKind {
  key: string;
  /** Share of listings of this kind: the classes are deliberately imbalanced. */
  share: number;
  nouns: string[];
  /** Selling points; several are shared with other kinds on purpose (wireless, waterproof, USB-C …). */
  features: string[];
  sentences: string[];
  priceMedian: number;
  weightMedianG: number;
  brands: string[];
  sizes: string[];
}

const GENERIC_BRANDS = ['Vexo', 'Zentra', 'AOKEE', 'Homiy', 'Kuvara', 'Generic'];

export const PRODUCT_KINDS: ProductKind[] = [
  {
    key: 'headphones', share: 0.19, nouns: ['headphones', 'over-ear headphones', 'headset', 'wireless headphones', 'earphones'],
    features: ['wireless', 'bluetooth 5.3', 'noise cancelling', 'ANC', '40h battery', 'foldable', 'hi-res audio', 'USB-C', 'built-in mic'],
    sentences: ['Soft protein leather ear cushions for all-day comfort.', 'Active noise cancelling blocks out the commute.', 'Fold flat into the included travel case.', 'Deep bass and crisp highs.'],
    priceMedian: 89, weightMedianG: 260, brands: ['Sonix', 'Auralis', 'Beatline'], sizes: ['one size'],
  },
  {
    key: 'earbuds', share: 0.14, nouns: ['earbuds', 'wireless headphones', 'in-ear headphones', 'earphones', 'headphones'],
    features: ['wireless', 'bluetooth 5.3', 'ANC', 'charging case', 'IPX5', 'touch control', 'USB-C', 'built-in mic', 'waterproof'],
    sentences: ['Up to 30 hours with the charging case.', 'Three sizes of silicone tips included.', 'Sweat resistant for workouts.', 'Deep bass and crisp highs.'],
    priceMedian: 49, weightMedianG: 55, brands: ['Sonix', 'Auralis', 'Beatline'], sizes: ['one size'],
  },
  {
    key: 'speaker', share: 0.1, nouns: ['bluetooth speaker', 'portable speaker', 'speaker', 'wireless audio', 'soundbox'],
    features: ['wireless', 'bluetooth 5.3', 'waterproof', 'IPX7', '360 sound', 'party mode', 'USB-C', '20h battery'],
    sentences: ['Room-filling sound in a compact body.', 'Pair two for stereo.', 'Floats and survives a drop in the pool.', 'Deep bass and crisp highs.'],
    priceMedian: 59, weightMedianG: 540, brands: ['Sonix', 'Beatline', 'Lumio'], sizes: ['mini', 'standard', 'XL'],
  },
  {
    key: 'smartwatch', share: 0.12, nouns: ['smartwatch', 'fitness tracker', 'smart watch', 'sport watch', 'activity band'],
    features: ['heart rate', 'GPS', 'AMOLED', 'sleep tracking', 'waterproof', '5ATM', 'bluetooth 5.3', 'USB-C', '14-day battery'],
    sentences: ['Tracks steps, sleep and over 100 sports.', 'Always-on display readable in sunlight.', 'Notifications from your phone on your wrist.', 'Swap the strap in seconds.'],
    priceMedian: 119, weightMedianG: 45, brands: ['Pulse', 'Chronex', 'Auralis'], sizes: ['41 mm', '45 mm'],
  },
  {
    key: 'backpack', share: 0.13, nouns: ['backpack', 'laptop bag', 'daypack', 'rucksack', 'travel bag'],
    features: ['water-resistant', '15.6 inch laptop', 'travel', 'rolltop', 'padded straps', 'USB charging port', 'anti-theft', '25 L'],
    sentences: ['Padded laptop sleeve fits most 15.6" notebooks.', 'Hidden back pocket for your passport.', 'Made from recycled polyester.', 'Carry-on size for most airlines.'],
    priceMedian: 45, weightMedianG: 820, brands: ['Northpeak', 'Trailform', 'Aquaro'], sizes: ['20 L', '25 L', '30 L'],
  },
  {
    key: 'running_shoes', share: 0.15, nouns: ['running shoes', 'trainers', 'sneakers', 'sport shoes', 'outdoor shoes'],
    features: ['cushioned', 'breathable mesh', "men's", "women's", 'lightweight', 'trail', 'waterproof', 'wide fit'],
    sentences: ['Responsive foam midsole returns energy with every stride.', 'Breathable knit upper.', 'Grippy rubber outsole for wet roads.', 'True to size.'],
    priceMedian: 79, weightMedianG: 610, brands: ['Northpeak', 'Trailform', 'Stridex'], sizes: ['EU 40', 'EU 41', 'EU 42', 'EU 43', 'EU 44', 'EU 45'],
  },
  {
    key: 'water_bottle', share: 0.09, nouns: ['water bottle', 'insulated bottle', 'flask', 'sports bottle', 'travel mug'],
    features: ['insulated', 'stainless steel', 'BPA-free', 'leakproof', 'travel', 'dishwasher safe', '750 ml', 'keeps cold 24h'],
    sentences: ['Double-wall vacuum insulation.', 'Fits most car cup holders.', 'Keeps drinks cold for 24 hours.', 'Made from recycled materials.'],
    priceMedian: 22, weightMedianG: 340, brands: ['Aquaro', 'Northpeak', 'Trailform'], sizes: ['500 ml', '750 ml', '1 L'],
  },
  {
    key: 'desk_lamp', share: 0.08, nouns: ['desk lamp', 'LED light', 'reading light', 'table lamp', 'night light'],
    features: ['LED', 'dimmable', 'USB charging port', 'eye-care', 'touch control', 'USB-C', 'wireless charger', 'timer'],
    sentences: ['Five colour temperatures and ten brightness levels.', 'Flicker-free light that is easy on the eyes.', 'Charge your phone from the base.', 'Adjustable arm and head.'],
    priceMedian: 35, weightMedianG: 950, brands: ['Lumio', 'Brightwell', 'Homiy'], sizes: ['one size'],
  },
];

export const GENERIC_SENTENCES = [
  'Great gift for friends and family.', 'Ships within 24 hours.', '1-year warranty.', 'Premium quality at a fair price.',
  'Satisfaction guaranteed or your money back.', 'Sleek modern design.', 'Perfect for home, office and travel.',
  'Package includes the item and a user manual.', 'Colour may differ slightly from the photo.',
];

export function brandsFor(rng: Random, kind: ProductKind): string {
  return rng.chance(0.45) ? rng.pick(kind.brands) : rng.pick(GENERIC_BRANDS);
}

export const COLORS: { name: string; rgb: Rgb }[] = [
  { name: 'black', rgb: [25, 25, 28] }, { name: 'white', rgb: [238, 238, 235] }, { name: 'silver', rgb: [175, 178, 182] },
  { name: 'blue', rgb: [40, 90, 200] }, { name: 'navy', rgb: [25, 35, 90] }, { name: 'red', rgb: [200, 35, 40] },
  { name: 'green', rgb: [45, 150, 70] }, { name: 'pink', rgb: [235, 130, 170] }, { name: 'grey', rgb: [110, 112, 115] },
  { name: 'beige', rgb: [215, 195, 160] }, { name: 'orange', rgb: [240, 130, 30] },
];

export function colorByName(name: string): Rgb {
  return COLORS.find((c) => c.name === name)!.rgb;
}

/** Draws a product silhouette for `kind` at (cx, cy) with scale s (1 ≈ fills the middle of a 32px frame). */
export function drawProduct(r: Raster, kind: string, cx: number, cy: number, s: number, c: Rgb): void {
  const dark = mix(c, [0, 0, 0], 0.45);
  switch (kind) {
    case 'headphones':
      r.ring(cx, cy, 9 * s, 2.5 * s, c, Math.PI, 2 * Math.PI);
      r.ellipse(cx - 9 * s, cy + 2 * s, 3 * s, 4.5 * s, dark).ellipse(cx + 9 * s, cy + 2 * s, 3 * s, 4.5 * s, dark);
      break;
    case 'earbuds':
      r.ellipse(cx - 5 * s, cy, 3.5 * s, 3.5 * s, c).ellipse(cx + 5 * s, cy, 3.5 * s, 3.5 * s, c);
      r.rect(cx - 5.5 * s, cy + 3 * s, 1.6 * s, 5 * s, dark).rect(cx + 4 * s, cy + 3 * s, 1.6 * s, 5 * s, dark);
      break;
    case 'speaker':
      r.rect(cx - 10 * s, cy - 5 * s, 20 * s, 10 * s, c).ellipse(cx - 4 * s, cy, 3 * s, 3 * s, dark).ellipse(cx + 4 * s, cy, 3 * s, 3 * s, dark);
      break;
    case 'smartwatch':
      r.rect(cx - 2.5 * s, cy - 12 * s, 5 * s, 24 * s, dark).rect(cx - 5 * s, cy - 5 * s, 10 * s, 10 * s, c);
      r.rect(cx - 3.5 * s, cy - 3.5 * s, 7 * s, 7 * s, [20, 20, 30]);
      break;
    case 'backpack':
      r.ellipse(cx, cy - 7 * s, 5 * s, 3 * s, c).rect(cx - 7 * s, cy - 7 * s, 14 * s, 18 * s, c).rect(cx - 4 * s, cy + 2 * s, 8 * s, 6 * s, dark);
      break;
    case 'running_shoes':
      r.triangle(cx - 11 * s, cy + 4 * s, cx + 11 * s, cy + 4 * s, cx - 6 * s, cy - 6 * s, c);
      r.rect(cx - 11 * s, cy + 4 * s, 22 * s, 3 * s, [235, 235, 235]);
      break;
    case 'water_bottle':
      r.rect(cx - 4 * s, cy - 9 * s, 8 * s, 21 * s, c).rect(cx - 2.5 * s, cy - 13 * s, 5 * s, 4 * s, dark);
      break;
    default:
      r.rect(cx - 7 * s, cy + 9 * s, 14 * s, 3 * s, dark).line(cx - 4 * s, cy + 9 * s, cx + 3 * s, cy - 5 * s, dark, 1.5 * s);
      r.triangle(cx + 3 * s, cy - 9 * s, cx - 5 * s, cy - 1 * s, cx + 10 * s, cy - 1 * s, c);
  }
}

/**
 * A listing photo: the product's silhouette in its colour on a studio or "lifestyle" background.
 * Some photos show a bundle or a different item, and all carry sensor noise, so the photo alone is not enough.
 */
export function productPhoto(rng: Random, kind: string, color: Rgb): Raster {
  const r = new Raster();
  if (rng.chance(0.7)) r.fill(jitter(rng, [242, 242, 240], 6));
  else r.gradient(jitter(rng, [170, 160, 150], 40), jitter(rng, [120, 110, 100], 40));
  const shown = rng.chance(0.12) ? rng.pick(PRODUCT_KINDS).key : kind;
  drawProduct(r, shown, 16 + rng.normal(0, 2), 16 + rng.normal(0, 2), rng.uniform(0.8, 1.15), jitter(rng, color, 18));
  if (rng.chance(0.1)) drawProduct(r, rng.pick(PRODUCT_KINDS).key, rng.uniform(4, 28), rng.uniform(4, 28), 0.5, jitter(rng, rng.pick(COLORS).rgb, 18));
  return r.noise(rng, 16);
}
