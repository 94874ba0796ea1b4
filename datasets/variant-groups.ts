/**
 * A grouping task (SPEC.md Additions, `"type": "grouping"`): one catalogue lists every
 * colour and size of a product as its own listing; participants group the listings of
 * the same model. The listings come from the product-variants generator; whole product
 * lines go to train or test, so test groups never appear in train.
 *
 * Not part of the seeded demo challenge (whose files stay as they are); write it with
 *   npx tsx datasets/variant-groups.ts <out-dir> [seed]
 * and import it with `podium task add <out-dir> --challenge <slug>`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { variantListings } from './product-variants';
import { Random } from './random';
import { writeTable } from './table-io';

export const VARIANT_GROUPS_TASK = {
  slug: 'variant-groups',
  title: 'Group the variants of each product',
  type: 'grouping',
  track: 'grouping',
  metric: 'pairwise_f1',
  description: `A catalogue lists every colour and size of a product as its own listing. **Group the listings of
the same model**: two listings belong together when they are the same product if you ignore colour and size.

Submit \`id,group\` with one row per test listing; the group labels are yours (only which listings share one
matters), and a listing alone in its group needs a label of its own. Ranked by pairwise F1 over the listing
pairs your grouping puts together; B-cubed F1 and the adjusted Rand index are shown too.

The hard part: sibling models of a line ("Trek II" and "Trek III") share almost every title word, and colour
and size words sit in different places of each seller's title. Test product lines never appear in train.`,
  columns: { id: 'id', title: 'text', brand: 'categorical', color: 'categorical', size: 'categorical', price: 'numeric', description: 'text' },
  public_fraction: 0.3,
} as const;

const ATTRIBUTES = ['title', 'brand', 'color', 'size', 'price', 'description'] as const;

export async function writeVariantGroupsTask({ dir, seed = 20261201, lines = 420 }: { dir: string; seed?: number; lines?: number }): Promise<void> {
  const rng = new Random(seed).fork('variant-groups');
  const listed = variantListings(rng, lines);
  // Each product line goes to test with probability 0.3, decided once, in first-appearance order.
  const decided = new Map<number, boolean>();
  for (const r of listed) if (!decided.has(r.base.line)) decided.set(r.base.line, rng.chance(0.3));
  const group = (r: (typeof listed)[number]) => `M${r.baseIndex + 1}`;
  const row = (r: (typeof listed)[number]) => [r.id, ...ATTRIBUTES.map((a) => r.row.values[a] ?? null)];
  const columns = [{ name: 'id', type: 'string' as const }, ...ATTRIBUTES.map((a) => ({ name: a, type: a === 'price' ? ('double' as const) : ('string' as const) }))];
  const train = listed.filter((r) => !decided.get(r.base.line));
  const test = listed.filter((r) => decided.get(r.base.line));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'task.json'), JSON.stringify(VARIANT_GROUPS_TASK, null, 2) + '\n');
  await writeTable(path.join(dir, 'train.csv'), { columns: [...columns, { name: 'group', type: 'string' }], rows: train.map((r) => [...row(r), group(r)]) });
  await writeTable(path.join(dir, 'test.csv'), { columns, rows: test.map(row) });
  await writeTable(path.join(dir, 'test_labels.csv'), { columns: [{ name: 'id', type: 'string' }, { name: 'group', type: 'string' }], rows: test.map((r) => [r.id, group(r)]) });
}

if (process.argv[1] && /variant-groups\.ts$/.test(process.argv[1])) {
  const [dir, seed] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: npx tsx datasets/variant-groups.ts <out-dir> [seed]');
    process.exit(1);
  }
  writeVariantGroupsTask({ dir, seed: seed ? Number(seed) : undefined }).then(() => console.log(`wrote the variant-groups task to ${dir}`));
}
