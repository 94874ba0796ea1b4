import { ids, PairSet, splitByGroup } from './matching-pairs';
import { COLORS, PRODUCT_KINDS, type ProductKind, brandsFor, productPhoto } from './product-kinds';
import { SERIES } from './product-type';
import type { Random } from './random';
import type { GeneratedRow, Labelled, TaskJson } from './task-folder';
import { maybeMissing, roughen } from './text-noise';

interface Base {
  line: number;
  kind: ProductKind;
  brand: string;
  name: string;
  noun: string;
  price: number;
}

const GENERATIONS = [['2', '3', '4'], ['Lite', 'Pro', 'Max'], ['I', 'II', 'III'], ['', 'GTX', 'Trail']];

/** Product lines with 1–3 models each; each model comes in several colours and sizes. */
function bases(rng: Random, lineCount: number): Base[] {
  const out: Base[] = [];
  for (let line = 0; line < lineCount; line++) {
    const kind = rng.weighted(PRODUCT_KINDS, PRODUCT_KINDS.map((k) => (k.sizes.length > 1 ? 2 : 1) * k.share));
    const brand = brandsFor(rng, kind);
    const series = `${rng.pick(SERIES)} ${rng.pick(['Runner', 'Trek', 'Go', 'Studio', 'Sport', 'Urban', 'X'])}`;
    const generations = rng.pick(GENERATIONS);
    const models = rng.weighted([1, 2, 3], [0.3, 0.45, 0.25]);
    const price = rng.logNormal(kind.priceMedian, 0.5);
    for (let m = 0; m < models; m++) {
      out.push({ line, kind, brand, name: `${series} ${generations[m]}`.trim(), noun: rng.pick(kind.nouns), price: price * (1 + 0.2 * m) });
    }
  }
  return out;
}

function listing(rng: Random, b: Base, color: (typeof COLORS)[number], size: string): GeneratedRow {
  const title = rng.weighted(
    [
      `${b.brand} ${b.name} ${b.noun} - ${color.name}, ${size}`,
      `${b.brand} ${b.name} ${b.noun} ${size} ${color.name}`,
      `${b.name} by ${b.brand} (${color.name}/${size})`,
      `${b.noun} ${b.brand} ${b.name} ${color.name} ${size}`,
    ],
    [0.35, 0.25, 0.2, 0.2],
  );
  return {
    values: {
      title: roughen(rng, title, { typoRate: 0.04 }),
      brand: maybeMissing(rng, 0.05, b.brand),
      color: maybeMissing(rng, 0.08, color.name),
      size: size === 'one size' ? null : maybeMissing(rng, 0.08, size),
      // Larger sizes cost a little more; sellers round to .99.
      price: maybeMissing(rng, 0.05, Math.round(b.price * rng.logNormal(1, 0.07) * (1 + 0.02 * b.kind.sizes.indexOf(size))) - 0.01),
      description: maybeMissing(rng, 0.3, `${rng.pick(b.kind.sentences)} ${rng.pick(b.kind.sentences)}`),
      image: null,
    },
    image: productPhoto(rng, b.kind.key, color.rgb),
  };
}

/** The listings of one catalogue: every colour and size of a model is its own listing, ids in shuffled order. */
export function variantListings(rng: Random, lineCount: number) {
  const records: { base: Base; baseIndex: number; row: GeneratedRow }[] = [];
  bases(rng, lineCount).forEach((base, baseIndex) => {
    const variants = rng.weighted([1, 2, 3, 4, 5, 6], [0.15, 0.25, 0.25, 0.15, 0.1, 0.1]);
    const combos = new Set<string>();
    for (let v = 0; v < variants; v++) {
      const color = rng.pick(COLORS);
      const size = rng.pick(base.kind.sizes);
      if (combos.has(`${color.name}/${size}`)) continue;
      combos.add(`${color.name}/${size}`);
      records.push({ base, baseIndex, row: listing(rng, base, color, size) });
    }
  });
  const recordIds = ids('V', records.length);
  return rng.shuffle(records).map((r, i) => ({ ...r, id: recordIds[i] }));
}

/** One catalogue with colour/size variants; a pair matches when both listings are the same model. */
export function productVariants(rng: Random, lineCount: number) {
  const listed = variantListings(rng, lineCount);

  const byLine = new Map<number, typeof listed>();
  for (const r of listed) byLine.set(r.base.line, [...(byLine.get(r.base.line) ?? []), r]);
  const byKind = new Map<string, typeof listed>();
  for (const r of listed) byKind.set(r.base.kind.key, [...(byKind.get(r.base.kind.key) ?? []), r]);
  const pairs = new PairSet();
  for (const a of listed) {
    const group = String(a.base.line);
    // Within a line: variants of the same model (positives) and of its sibling models (hard negatives).
    for (const b of rng.sample(byLine.get(a.base.line)!, 4)) pairs.add(a.id, b.id, a.baseIndex === b.baseIndex ? 1 : 0, group);
    for (const b of rng.sample(byKind.get(a.base.kind.key)!, 1)) pairs.add(a.id, b.id, a.baseIndex === b.baseIndex ? 1 : 0, group);
  }
  const { train, test } = splitByGroup(rng, pairs.pairs, 0.3);
  return { left: listed.map(({ id, row }) => ({ id, row })), trainPairs: train as Labelled[], testPairs: test as Labelled[] };
}

export const PRODUCT_VARIANTS_TASK: TaskJson = {
  slug: 'product-variants',
  title: 'Variants of the same product',
  type: 'matching',
  track: 'matching',
  metric: 'f1',
  right: 'left',
  description: `A catalogue lists every colour and size of a product as its own listing. Decide for each candidate
pair of listings whether they are **the same product if you ignore colour and size** — the same model of the
same product line.

Both ids of a pair refer to the one table \`left\` (the task declares \`"right": "left"\`). The listings were
written by different sellers, so the colour and size sit in different places of the title, and typos occur.
The hard negatives are the neighbouring models of the same line: "Summit Trek II" against "Summit Trek III",
"Go Lite" against "Go Pro" — often in the same colour and size, so their titles share almost every word.

| column | role | notes |
|---|---|---|
| \`title\` | text | listing title, includes colour and size |
| \`brand\` | categorical | |
| \`color\` | categorical | as listed |
| \`size\` | categorical | EU shoe size, capacity, case size, …; empty for one-size products |
| \`price\` | numeric | EUR; varies a little with size and seller |
| \`description\` | text | often empty |
| \`image\` | image | 32×32 listing photo (in \`images/\`) |

The listings are in **Parquet** (\`left.parquet\`), the pairs in CSV. Ranked by F1 of the positive class.`,
  columns: { id: 'id', title: 'text', brand: 'categorical', color: 'categorical', size: 'categorical', price: 'numeric', description: 'text', image: 'image' },
  public_fraction: 0.3,
};
