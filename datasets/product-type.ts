import { COLORS, GENERIC_SENTENCES, PRODUCT_KINDS, type ProductKind, brandsFor, productPhoto } from './product-kinds';
import type { Random } from './random';
import type { GeneratedRow, TaskJson } from './task-folder';
import { capitalize, maybeMissing, roughen, round } from './text-noise';

export const SERIES = ['Aero', 'Flex', 'Nova', 'Zen', 'Max', 'Air', 'Edge', 'Core', 'Vibe', 'Orbit', 'Summit', 'Drift', 'Echo', 'Terra', 'Volt', 'Luma'];
const AUDIENCES = ['men', 'women', 'kids', 'travel', 'office', 'gym', 'outdoor', 'students'];
const ABBREVIATIONS: Record<string, string[]> = {
  wireless: ['wrls', 'wless'], bluetooth: ['BT', 'bt'], 'noise': ['noise'], cancelling: ['canceling', 'cancel.'],
  'water-resistant': ['water resist.', 'WR'], battery: ['batt'], waterproof: ['waterprf', 'wtrproof'], with: ['w/'],
};

export function modelNumber(rng: Random): string {
  const letters = 'ABCDEFGHJKLMNPQRSTVWXZ';
  return `${letters[rng.int(0, letters.length - 1)]}${rng.int(1, 9)}${rng.chance(0.5) ? String(rng.int(0, 9)) : ''}`;
}

function title(rng: Random, kind: ProductKind, brand: string, color: string): string {
  const series = rng.pick(SERIES);
  const model = modelNumber(rng);
  const f1 = rng.pick(kind.features);
  // Selling points leak across product types: many audio, wearable and outdoor items share them.
  const f2 = rng.chance(0.5) ? rng.pick(kind.features) : rng.pick(rng.pick(PRODUCT_KINDS).features);
  const noun = rng.pick(kind.nouns);
  switch (rng.weighted(['full', 'features', 'bare', 'market'], [0.2, 0.28, 0.36, 0.16])) {
    case 'full':
      return `${brand} ${series} ${model} ${noun} ${f1}`;
    case 'features':
      return `${brand} ${series} ${model} - ${f1}, ${f2}, ${color}`;
    case 'bare':
      return `${series} ${model} ${capitalize(color)} ${brand}`;
    default:
      return `${capitalize(noun)} ${f1} ${f2} for ${rng.pick(AUDIENCES)}`;
  }
}

function description(rng: Random, kind: ProductKind): string {
  const parts: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const source = rng.weighted(['own', 'other', 'generic'], [0.35, 0.2, 0.45]);
    if (source === 'own') parts.push(rng.pick(kind.sentences));
    else if (source === 'other') parts.push(rng.pick(rng.pick(PRODUCT_KINDS).sentences));
    else parts.push(rng.pick(GENERIC_SENTENCES));
  }
  return parts.join(' ');
}

/** A marketplace's listings: product type from title, description, brand, price, weight, colour and photo. */
export function productTypeRows(rng: Random, count: number): GeneratedRow[] {
  const rows: GeneratedRow[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted(PRODUCT_KINDS, PRODUCT_KINDS.map((k) => k.share));
    const color = rng.pick(COLORS);
    const brand = brandsFor(rng, kind);
    // Mislabelled listings exist in every real catalog; ~4% here.
    const label = rng.chance(0.05) ? rng.pick(PRODUCT_KINDS).key : kind.key;
    rows.push({
      values: {
        title: roughen(rng, title(rng, kind, brand, color.name), { typoRate: 0.04, abbreviations: ABBREVIATIONS, abbreviationRate: 0.3 }),
        description: maybeMissing(rng, 0.25, roughen(rng, description(rng, kind), { typoRate: 0.02 })),
        brand: maybeMissing(rng, 0.05, brand),
        price: maybeMissing(rng, 0.04, Math.max(4.99, Math.round(rng.logNormal(kind.priceMedian, 0.6))) - 0.01),
        weight_g: maybeMissing(rng, 0.12, round(rng.logNormal(kind.weightMedianG, 0.6), 0)),
        color: maybeMissing(rng, 0.1, color.name),
        image: null,
        product_type: label,
      },
      image: productPhoto(rng, kind.key, color.rgb),
    });
  }
  return rows;
}

export const PRODUCT_TYPE_TASK: TaskJson = {
  slug: 'product-type',
  title: 'Product type from marketplace listings',
  type: 'classification',
  track: 'classification',
  metric: 'macro_f1',
  description: `Predict the **product type** of a marketplace listing.

Sellers write their own titles and descriptions, so the text is uneven: some titles name the product
("… wireless earbuds"), many list only a brand, a series and a model number, and others are keyword soup
("Portable speaker waterproof IPX7 for travel"). Typos and abbreviations (\`wrls\`, \`BT\`, \`w/\`) are common,
and about 5% of listings were filed under the wrong type by the seller.

| column | role | notes |
|---|---|---|
| \`title\` | text | seller's title |
| \`description\` | text | 1–3 sentences, empty for ~25% of listings |
| \`brand\` | categorical | most brands sell several product types |
| \`price\` | numeric | EUR |
| \`weight_g\` | numeric | shipping weight in grams, normalised from the sellers' units; often missing |
| \`color\` | categorical | as entered by the seller |
| \`image\` | image | 32×32 listing photo (in \`images/\`) |
| \`product_type\` | target | 8 classes, imbalanced (8%–19%) |

**Hints.** The photo shows the product's silhouette in its colour; a few photos show a bundle or the wrong
item. Audio products share many selling points (wireless, ANC, USB-C), so the text alone confuses them — the
photo and the weight tell them apart. Ranked by macro-F1, so the rare classes count as much as the common ones.`,
  columns: {
    id: 'id', title: 'text', description: 'text', brand: 'categorical', price: 'numeric', weight_g: 'numeric',
    color: 'categorical', image: 'image', product_type: 'target',
  },
  public_fraction: 0.3,
};
