import { ids, PairSet, splitByGroup } from './matching-pairs';
import { COLORS, GENERIC_SENTENCES, PRODUCT_KINDS, type ProductKind, brandsFor, productPhoto } from './product-kinds';
import { SERIES } from './product-type';
import type { Random } from './random';
import type { GeneratedRow, Labelled, TaskJson } from './task-folder';
import { maybeMissing, roughen } from './text-noise';

interface Entity {
  family: number;
  kind: ProductKind;
  brand: string;
  series: string;
  /** e.g. ["XM", "4"] → "XM4"; siblings differ only in the generation or a suffix. */
  model: string;
  noun: string;
  color: (typeof COLORS)[number];
  feature: string;
  price: number;
}

const COLOR_ABBREVIATIONS: Record<string, string> = { black: 'blk', white: 'wht', silver: 'slv', grey: 'gry', navy: 'nvy', green: 'grn', orange: 'org' };
const MARKETING = ['NEW', '2024', 'Original', 'Fast Shipping', 'Top Seller', 'EU Version', 'Genuine'];
const CATEGORY_A: Record<string, string> = {
  headphones: 'Audio > Headphones', earbuds: 'Audio > Headphones', speaker: 'Audio > Speakers', smartwatch: 'Wearables',
  backpack: 'Bags & Luggage', running_shoes: 'Sports > Footwear', water_bottle: 'Sports > Accessories', desk_lamp: 'Home > Lighting',
};

function families(rng: Random, count: number): Entity[] {
  const entities: Entity[] = [];
  for (let f = 0; f < count; f++) {
    const kind = rng.weighted(PRODUCT_KINDS, PRODUCT_KINDS.map((k) => k.share));
    const code = `${'ABCDEFGHJKLMNPRSTVWXZ'[rng.int(0, 20)]}${'ABCDEFGHJKLMNPRSTVWXZ'[rng.int(0, 20)]}`;
    const base = { family: f, kind, brand: brandsFor(rng, kind), series: rng.pick(SERIES), noun: rng.pick(kind.nouns), feature: rng.pick(kind.features) };
    const generation = rng.int(1, 7);
    const basePrice = rng.logNormal(kind.priceMedian, 0.5);
    // Siblings are the hard negatives: same brand, series and noun, one character apart in the model.
    const siblings = rng.weighted([1, 2, 3, 4], [0.35, 0.35, 0.2, 0.1]);
    for (let s = 0; s < siblings; s++) {
      const model = s === 3 ? `${code}${generation + 1} Pro` : `${code}${generation + s}`;
      entities.push({ ...base, model, color: rng.pick(COLORS), price: basePrice * (1 + 0.15 * s) });
    }
  }
  return entities;
}

function modelVariant(rng: Random, model: string): string {
  const compact = model.replace(' ', '');
  return rng.weighted([model, compact, compact.toLowerCase(), model.replace(/(\D+)(\d)/, '$1-$2')], [0.4, 0.25, 0.15, 0.2]);
}

function shopA(rng: Random, e: Entity): GeneratedRow {
  return {
    values: {
      title: `${e.brand} ${e.series} ${e.model} ${e.noun}, ${e.color.name}`,
      brand: e.brand,
      category: CATEGORY_A[e.kind.key],
      price: Math.round(e.price) - 0.01,
      description: maybeMissing(rng, 0.1, `${rng.pick(e.kind.sentences)} ${rng.pick(e.kind.sentences)}`),
      image: null,
    },
    image: productPhoto(rng, e.kind.key, e.color.rgb),
  };
}

/** Shop B re-keys the same products by hand: other word order, model spelling, colour codes, marketing noise. */
function shopB(rng: Random, e: Entity): GeneratedRow {
  const color = rng.chance(0.5) ? (COLOR_ABBREVIATIONS[e.color.name] ?? e.color.name) : e.color.name;
  const brand = rng.chance(0.2) ? '' : rng.chance(0.5) ? e.brand.toUpperCase() : e.brand;
  const parts = rng.weighted(
    [
      [brand, e.series, modelVariant(rng, e.model), e.feature, e.noun, color],
      [e.noun, brand, `${e.series}${rng.chance(0.5) ? '' : ' '}${modelVariant(rng, e.model)}`, `(${color})`],
      [brand, e.noun, e.series, modelVariant(rng, e.model), '-', color, e.feature],
    ],
    [0.4, 0.3, 0.3],
  );
  if (rng.chance(0.4)) parts.push(rng.pick(MARKETING));
  const title = roughen(rng, parts.filter(Boolean).join(' '), { typoRate: 0.05 });
  return {
    values: {
      title,
      brand: maybeMissing(rng, 0.25, e.brand.toLowerCase()),
      category: maybeMissing(rng, 0.15, e.kind.key.replace('_', ' ')),
      price: maybeMissing(rng, 0.1, Math.round(e.price * rng.logNormal(1, 0.08)) - 0.01),
      description: maybeMissing(rng, 0.5, `${rng.pick(GENERIC_SENTENCES)} ${rng.pick(e.kind.sentences)}`),
      image: null,
    },
    image: productPhoto(rng, e.kind.key, e.color.rgb),
  };
}

/** Two shops' catalogues with ~60% overlap; pairs as a blocking step proposes them. */
export function catalogDuplicates(rng: Random, familyCount: number) {
  const entities = families(rng, familyCount);
  const inLeft = entities.filter(() => rng.chance(0.75));
  const inRight = entities.filter((e) => rng.chance(inLeft.includes(e) ? 0.7 : 0.6));
  const leftIds = ids('A', inLeft.length);
  const rightIds = ids('B', inRight.length);
  const left = rng.shuffle(inLeft.map((e) => ({ e, row: shopA(rng, e) }))).map((r, i) => ({ ...r, id: leftIds[i] }));
  const right = rng.shuffle(inRight.map((e) => ({ e, row: shopB(rng, e) }))).map((r, i) => ({ ...r, id: rightIds[i] }));

  const rightByFamily = new Map<number, typeof right>();
  for (const r of right) rightByFamily.set(r.e.family, [...(rightByFamily.get(r.e.family) ?? []), r]);
  const rightByBrand = new Map<string, typeof right>();
  for (const r of right) rightByBrand.set(r.e.brand, [...(rightByBrand.get(r.e.brand) ?? []), r]);
  const pairs = new PairSet();
  for (const l of left) {
    const group = String(l.e.family);
    for (const r of rightByFamily.get(l.e.family) ?? []) pairs.add(l.id, r.id, r.e === l.e ? 1 : 0, group);
    const sameBrand = rightByBrand.get(l.e.brand) ?? [];
    for (const r of rng.sample(sameBrand, 2)) pairs.add(l.id, r.id, r.e === l.e ? 1 : 0, group);
    if (rng.chance(0.5)) {
      const r = rng.pick(right);
      pairs.add(l.id, r.id, r.e === l.e ? 1 : 0, group);
    }
  }
  const { train, test } = splitByGroup(rng, pairs.pairs, 0.3);
  return {
    left: left.map(({ id, row }) => ({ id, row })),
    right: right.map(({ id, row }) => ({ id, row })),
    trainPairs: train as Labelled[],
    testPairs: test as Labelled[],
  };
}

export const CATALOG_DUPLICATES_TASK: TaskJson = {
  slug: 'catalog-duplicates',
  title: 'Same product in two shops',
  type: 'matching',
  track: 'matching',
  metric: 'f1',
  description: `Two online shops sell overlapping assortments. Decide for each candidate pair (a listing of shop A
in \`left\`, a listing of shop B in \`right\`) whether both listings are **exactly the same product** — same
model, same colour.

Shop A keeps a tidy catalogue ("Sonix Nova XM4 over-ear headphones, black"). Shop B's listings were keyed in by
hand: other word order, model numbers spelled \`XM4\`, \`xm4\` or \`XM-4\`, colour codes (\`blk\`, \`nvy\`),
brand in capitals or missing, marketing words, typos. Prices differ between the shops by a few percent.

The pairs come from a blocking step: most pairs share the brand or the product family, a few are random.
Many negatives are **hard**: the same brand, series and product type, but the next generation of the model
(\`XM4\` vs \`XM5\`) or the \`Pro\` version — which also costs more.

| column | role | notes |
|---|---|---|
| \`title\` | text | listing title |
| \`brand\` | categorical | shop B writes it in lower case, or not at all |
| \`category\` | categorical | each shop has its own taxonomy |
| \`price\` | numeric | EUR |
| \`description\` | text | often empty in shop B |
| \`image\` | image | 32×32 listing photo (in \`images/\`) |

Pair files: \`train_pairs\` (\`left_id, right_id, label\`), \`test_pairs\` (\`left_id, right_id\`). Ranked by F1 of
the positive class; add a \`score\` column to your submission to also get average precision.`,
  columns: { id: 'id', title: 'text', brand: 'categorical', category: 'categorical', price: 'numeric', description: 'text', image: 'image' },
  public_fraction: 0.3,
};
