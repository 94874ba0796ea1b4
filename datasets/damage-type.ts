import type { Random } from './random';
import { type Rgb, Raster, jitter, mix } from './raster';
import type { GeneratedRow, TaskJson } from './task-folder';
import { maybeMissing, roughen, round } from './text-noise';

interface DamageClass {
  key: string;
  share: number;
  notes: string[];
}

const DAMAGE: DamageClass[] = [
  { key: 'none', share: 0.34, notes: ['no visible damage', 'package ok', 'seal intact', 'ok', 'outer box fine', 'minor scuffs on corner', 'customer reported issue could not confirm', 'light wear from transit'] },
  { key: 'crushed', share: 0.2, notes: ['crushed corner', 'box caved in', 'dented top', 'compressed on one side', 'flattened', 'corner damage', 'stacked under heavy pallet', 'forklift damage'] },
  { key: 'torn', share: 0.15, notes: ['ripped', 'tear along seam', 'tape torn', 'flap open', 'packaging split', 'corner damage', 'wrapping torn open'] },
  { key: 'water', share: 0.12, notes: ['wet', 'water stain', 'damp cardboard', 'moisture inside', 'soggy box', 'tide mark on side', 'label smudged'] },
  { key: 'punctured', share: 0.1, notes: ['hole in side', 'puncture', 'pierced by something sharp', 'forklift damage', 'small hole approx 2cm', 'item visible through hole'] },
  { key: 'missing_item', share: 0.09, notes: ['contents loose', 'item missing', 'lighter than expected', 'rattles', 'box resealed', 'tape re-applied', 'label smudged'] },
];

const GENERIC_NOTES = ['see photo', 'customer complaint', 'returned to sender', 'inspected at dock 4', 'photo attached', 'checked by night shift', 'priority', 'fragile sticker'];
const ABBREVIATIONS: Record<string, string[]> = {
  package: ['pkg', 'pkge'], damage: ['dmg', 'dmgd'], corner: ['crnr', 'cnr'], approx: ['~', 'ca.'], with: ['w/'],
  visible: ['vis.'], side: ['sd'], cardboard: ['cardbrd'], 'no': ['no', 'n/'], item: ['itm'], customer: ['cust'],
};
const CARRIERS = ['DHL', 'UPS', 'FedEx', 'PostNL', 'DPD', 'GLS', 'USPS'];
const PACKAGES: { type: string; share: number; color: Rgb; dims: [number, number, number] }[] = [
  { type: 'box', share: 0.55, color: [176, 136, 92], dims: [40, 30, 25] },
  { type: 'padded envelope', share: 0.18, color: [222, 205, 150], dims: [35, 25, 4] },
  { type: 'polybag', share: 0.14, color: [150, 150, 160], dims: [40, 30, 8] },
  { type: 'tube', share: 0.05, color: [160, 120, 80], dims: [80, 10, 10] },
  { type: 'crate', share: 0.08, color: [190, 160, 110], dims: [80, 60, 60] },
];

/** Crushing happens to boxes and crates; tears to soft packaging. Shares multiply the class shares. */
const SUSCEPTIBLE: Record<string, Record<string, number>> = {
  crushed: { box: 1.4, crate: 1.2, 'padded envelope': 0.4, polybag: 0.2, tube: 0.8 },
  torn: { box: 0.6, crate: 0.3, 'padded envelope': 1.8, polybag: 2.2, tube: 0.8 },
};

function notes(rng: Random, damage: DamageClass): string | null {
  if (rng.chance(0.15)) return null;
  const parts: string[] = [];
  for (let i = rng.int(1, 2); i > 0; i--) {
    const source = rng.weighted(['own', 'other', 'generic'], [0.45, 0.2, 0.35]);
    if (source === 'own') parts.push(rng.pick(damage.notes));
    else if (source === 'other') parts.push(rng.pick(rng.pick(DAMAGE).notes));
    else parts.push(rng.pick(GENERIC_NOTES));
  }
  return roughen(rng, parts.join(rng.pick(['. ', ', ', ' - ', '; '])), { typoRate: 0.05, abbreviations: ABBREVIATIONS });
}

/** A photo of the parcel: its packaging on the inspection table with the damage visible (most of the time). */
function photo(rng: Random, damage: string, packaging: Rgb): Raster {
  const r = new Raster().fill(jitter(rng, [70, 72, 78], 12));
  const x = rng.uniform(2, 6);
  const y = rng.uniform(2, 6);
  const w = rng.uniform(20, 26);
  const h = rng.uniform(18, 24);
  r.rect(x, y, w, h, jitter(rng, packaging, 14));
  if (rng.chance(0.7)) r.rect(x + rng.uniform(2, w - 10), y + rng.uniform(2, h - 6), 8, 4, [245, 245, 245]);
  if (rng.chance(0.5)) r.rect(x, y + h / 2 - 1, w, 2, jitter(rng, [200, 180, 140], 10));
  // One in five photos shows the wrong side and no damage at all.
  const shows = rng.chance(0.2) ? 'none' : damage;
  const px = x + rng.uniform(4, w - 4);
  const py = y + rng.uniform(4, h - 4);
  const dark = mix(packaging, [0, 0, 0], 0.55);
  if (shows === 'crushed') {
    r.ellipse(px, py, rng.uniform(4, 7), rng.uniform(3, 5), dark, 0.7).line(px - 5, py - 3, px + 5, py + 2, dark, 1);
  } else if (shows === 'torn') {
    let [lx, ly] = [px - 6, py];
    for (let i = 0; i < 6; i++) {
      const [nx, ny] = [lx + 2, ly + rng.uniform(-2.5, 2.5)];
      r.line(lx, ly, nx, ny, [235, 225, 200], 1.5);
      [lx, ly] = [nx, ny];
    }
  } else if (shows === 'water') {
    for (let i = rng.int(2, 4); i > 0; i--)
      r.ellipse(px + rng.normal(0, 3), py + rng.normal(0, 3), rng.uniform(2, 5), rng.uniform(2, 5), mix(packaging, [40, 60, 90], 0.5), 0.6);
  } else if (shows === 'punctured') {
    for (let i = rng.int(1, 3); i > 0; i--) r.ellipse(px + rng.normal(0, 3), py + rng.normal(0, 3), 1.3, 1.3, [15, 12, 10]);
  }
  return r.noise(rng, 18);
}

/** Parcels flagged at a returns warehouse: damage type from notes, measurements, weights and a photo. */
export function damageTypeRows(rng: Random, count: number): GeneratedRow[] {
  const rows: GeneratedRow[] = [];
  for (let i = 0; i < count; i++) {
    const pack = rng.weighted(PACKAGES, PACKAGES.map((p) => p.share));
    const damage = rng.weighted(DAMAGE, DAMAGE.map((d) => d.share * (SUSCEPTIBLE[d.key]?.[pack.type] ?? 1)));
    const carrier = rng.weighted(CARRIERS, CARRIERS.map((c) => (damage.key === 'water' && c === 'PostNL' ? 3 : 1)));
    const scale = rng.logNormal(1, 0.3);
    const [l, w, h] = pack.dims.map((d) => d * scale * rng.logNormal(1, 0.08));
    const declaredVolume = (l * w * h) / 1000;
    // A crushed parcel measures smaller than declared; a parcel with missing contents weighs less.
    const squash = damage.key === 'crushed' ? rng.uniform(0.55, 0.95) : rng.logNormal(1, 0.06);
    const declaredWeight = rng.logNormal(0.2 * declaredVolume ** 0.8 + 0.2, 0.4);
    const weightRatio = damage.key === 'missing_item' ? rng.uniform(0.35, 0.9) : damage.key === 'water' ? rng.logNormal(1.08, 0.05) : rng.logNormal(1, 0.07);
    const label = rng.chance(0.04) ? rng.pick(DAMAGE).key : damage.key;
    rows.push({
      values: {
        inspection_notes: notes(rng, damage),
        carrier: maybeMissing(rng, 0.03, carrier),
        package_type: pack.type,
        length_cm: round(l, 1),
        width_cm: round(w, 1),
        height_cm: maybeMissing(rng, 0.06, round(h * squash, 1)),
        declared_volume_l: maybeMissing(rng, 0.1, round(declaredVolume, 2)),
        declared_weight_kg: round(declaredWeight, 2),
        measured_weight_kg: maybeMissing(rng, 0.08, round(declaredWeight * weightRatio, 2)),
        transit_days: maybeMissing(rng, 0.05, Math.max(1, Math.round(rng.logNormal(damage.key === 'water' || damage.key === 'crushed' ? 4 : 3, 0.5)))),
        photo: null,
        damage_type: label,
      },
      image: photo(rng, damage.key, pack.color),
    });
  }
  return rows;
}

export const DAMAGE_TYPE_TASK: TaskJson = {
  slug: 'damage-type',
  title: 'Damage type of returned parcels',
  type: 'classification',
  track: 'classification',
  metric: 'macro_f1',
  description: `A returns warehouse inspects every parcel that a customer reported as damaged. Predict the
**damage type** from the inspector's notes, the measurements and the inspection photo.

The notes are typed in a hurry on a handheld: abbreviations (\`pkg\`, \`dmg\`, \`crnr\`, \`w/\`), typos, generic
remarks ("see photo"), and empty for ~15% of parcels. Some phrases fit several damage types ("corner damage",
"forklift damage"). About 4% of labels are the inspector's mistakes.

| column | role | notes |
|---|---|---|
| \`inspection_notes\` | text | free text, often empty or generic |
| \`carrier\` | categorical | who delivered it |
| \`package_type\` | categorical | box, padded envelope, polybag, tube, crate |
| \`length_cm\`, \`width_cm\`, \`height_cm\` | numeric | measured at inspection |
| \`declared_volume_l\` | numeric | volume declared by the shipper, litres |
| \`declared_weight_kg\`, \`measured_weight_kg\` | numeric | declared at shipping, measured at inspection |
| \`transit_days\` | numeric | days between pickup and delivery |
| \`photo\` | image | 32×32 inspection photo (in \`images/\`) |
| \`damage_type\` | target | none, crushed, torn, water, punctured, missing_item |

**Hints.** The physics is in the numbers: compare the measured volume with the declared one, and the measured
weight with the declared one. The photo shows dents, tears, stains or holes — when the inspector
photographed the damaged side. The files are **Parquet**, as many warehouse systems export them.`,
  columns: {
    id: 'id', inspection_notes: 'text', carrier: 'categorical', package_type: 'categorical', length_cm: 'numeric',
    width_cm: 'numeric', height_cm: 'numeric', declared_volume_l: 'numeric', declared_weight_kg: 'numeric',
    measured_weight_kg: 'numeric', transit_days: 'numeric', photo: 'image', damage_type: 'target',
  },
  public_fraction: 0.3,
};
