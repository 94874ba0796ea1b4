import type { Random } from './random';
import { type Rgb, Raster, jitter } from './raster';
import type { GeneratedRow, TaskJson } from './task-folder';
import { capitalize, maybeMissing, roughen } from './text-noise';

interface Genre {
  key: string;
  share: number;
  tempo: [number, number];
  duration: [number, number];
  years: [number, number];
  explicit: number;
  titleWords: string[];
  artistStyles: ((rng: Random, name: string) => string)[];
  palette: Rgb[];
  pattern: 'stripes' | 'disc' | 'grid' | 'blocks' | 'frame' | 'shards' | 'gradient';
}

const COMMON_WORDS = ['love', 'night', 'heart', 'fire', 'home', 'dream', 'light', 'summer', 'rain', 'gold', 'river', 'city', 'blue', 'road', 'time', 'stars', 'ghost', 'wild', 'forever', 'tonight', 'alone', 'run', 'falling', 'sky'];
const NAMES = ['Nova', 'Marlow', 'Jade', 'Silas', 'Ivy', 'Kai', 'Luna', 'Otis', 'Remy', 'Zara', 'Milo', 'Vega', 'Ezra', 'Noor', 'Felix', 'Ada', 'Hugo', 'Iris', 'Rex', 'Sol'];
const SURNAMES = ['Hart', 'Vance', 'Okafor', 'Lindqvist', 'Moreau', 'Castillo', 'Brandt', 'Kowalski', 'Reyes', 'Sato', 'Quinn', 'Abara', 'Falk', 'Novak'];

const person = (rng: Random) => `${rng.pick(NAMES)} ${rng.pick(SURNAMES)}`;
const band = (rng: Random, name: string) => `The ${name}${rng.pick(['s', ' Kids', ' Union', ' Machine'])}`;

const GENRES: Genre[] = [
  { key: 'pop', share: 0.22, tempo: [116, 14], duration: [205, 30], years: [1985, 2025], explicit: 0.15, titleWords: ['baby', 'kiss', 'party', 'crazy'], artistStyles: [(r) => person(r), (r) => r.pick(NAMES)], palette: [[245, 150, 190], [250, 220, 90], [150, 210, 250]], pattern: 'gradient' },
  { key: 'rock', share: 0.18, tempo: [124, 18], duration: [235, 45], years: [1965, 2025], explicit: 0.1, titleWords: ['highway', 'rebel', 'thunder', 'rock'], artistStyles: [band, (r, n) => `${n} ${r.pick(['Riot', 'Garage', 'Engine'])}`], palette: [[190, 30, 30], [20, 20, 20], [230, 230, 220]], pattern: 'stripes' },
  { key: 'hip_hop', share: 0.15, tempo: [92, 10], duration: [215, 35], years: [1988, 2025], explicit: 0.5, titleWords: ['hustle', 'money', 'block', 'flow'], artistStyles: [(r, n) => `${r.pick(['Lil', 'Young', 'MC', 'Big'])} ${n}`, (r) => `${r.pick(NAMES)} ${r.pick(['Blaze', 'Kash', 'Flex'])}`], palette: [[215, 170, 40], [15, 15, 15], [120, 40, 160]], pattern: 'blocks' },
  { key: 'electronic', share: 0.15, tempo: [126, 6], duration: [330, 90], years: [1995, 2025], explicit: 0.05, titleWords: ['pulse', 'signal', 'echo', 'rave'], artistStyles: [(r, n) => `DJ ${n}`, (r, n) => `${n}${r.pick(['tronic', 'wave', ' Systems', '303'])}`], palette: [[0, 230, 230], [240, 0, 200], [10, 10, 40]], pattern: 'grid' },
  { key: 'jazz', share: 0.09, tempo: [135, 35], duration: [340, 120], years: [1950, 2020], explicit: 0, titleWords: ['blues', 'swing', 'moonlight', 'standard'], artistStyles: [(r) => `${person(r)} ${r.pick(['Trio', 'Quartet', 'Quintet'])}`, (r) => person(r)], palette: [[30, 60, 140], [230, 120, 40], [240, 230, 200]], pattern: 'disc' },
  { key: 'classical', share: 0.08, tempo: [100, 30], duration: [430, 220], years: [1955, 2024], explicit: 0, titleWords: ['sonata', 'nocturne', 'allegro', 'adagio'], artistStyles: [(r) => `${r.pick(SURNAMES)} ${r.pick(['Philharmonic', 'Orchestra', 'Ensemble', 'String Quartet'])}`, (r) => person(r)], palette: [[240, 235, 220], [120, 20, 30], [40, 40, 40]], pattern: 'frame' },
  { key: 'metal', share: 0.07, tempo: [150, 30], duration: [300, 80], years: [1975, 2025], explicit: 0.3, titleWords: ['blood', 'throne', 'abyss', 'doom'], artistStyles: [(r, n) => `${n}${r.pick(['throne', 'grave', 'wrath'])}`, band], palette: [[10, 10, 10], [90, 90, 95], [160, 10, 10]], pattern: 'shards' },
  { key: 'folk', share: 0.06, tempo: [104, 18], duration: [225, 50], years: [1960, 2025], explicit: 0.02, titleWords: ['meadow', 'willow', 'wanderer', 'ballad'], artistStyles: [(r) => person(r), (r, n) => `${n} & the ${r.pick(['Willows', 'Pines', 'Ramblers'])}`], palette: [[90, 120, 60], [160, 110, 60], [230, 220, 190]], pattern: 'gradient' },
];

const SUFFIXES = [' - Remastered', ' (Live)', ' (Radio Edit)', ' (Extended Mix)', ' (Acoustic)', ' (feat. {artist})', ' - 2011 Remaster', ' (Demo)'];

function trackTitle(rng: Random, genre: Genre): string {
  const words = [rng.pick(COMMON_WORDS)];
  if (rng.chance(0.45)) words.push(rng.pick(genre.titleWords));
  else if (rng.chance(0.35)) words.push(rng.pick(rng.pick(GENRES).titleWords));
  if (rng.chance(0.5)) words.push(rng.pick(COMMON_WORDS));
  let title = rng.shuffle(words).map(capitalize).join(' ');
  if (genre.key === 'classical' && rng.chance(0.4)) title = `${capitalize(rng.pick(genre.titleWords))} No. ${rng.int(1, 24)}, Op. ${rng.int(1, 120)}`;
  if (rng.chance(0.2)) title += rng.pick(SUFFIXES).replace('{artist}', person(rng));
  return roughen(rng, title, { typoRate: 0.02 });
}

/** Cover art: palette and motif by genre, but a third of covers borrow another genre's look. */
function cover(rng: Random, genre: Genre): Raster {
  const look = rng.chance(0.35) ? rng.pick(GENRES) : genre;
  const [a, b, c] = rng.shuffle([...look.palette]).map((p) => jitter(rng, p, 22));
  const r = new Raster().fill(a);
  switch (look.pattern) {
    case 'stripes':
      for (let y = rng.int(0, 5); y < 32; y += rng.int(5, 8)) r.rect(0, y, 32, 2, b);
      break;
    case 'disc':
      r.ellipse(rng.uniform(10, 22), rng.uniform(10, 22), 9, 9, b).ellipse(16, 16, 2, 2, c);
      break;
    case 'grid':
      for (let k = rng.int(0, 3); k < 32; k += 6) r.rect(k, 0, 1, 32, b).rect(0, k, 32, 1, c);
      break;
    case 'blocks':
      r.rect(0, rng.uniform(18, 24), 32, 10, b).rect(rng.uniform(2, 10), rng.uniform(4, 10), 12, 8, c);
      break;
    case 'frame':
      r.rect(3, 3, 26, 26, b).rect(5, 5, 22, 22, a).rect(10, 12, 12, 2, c);
      break;
    case 'shards':
      for (let k = rng.int(3, 6); k > 0; k--) r.line(rng.uniform(0, 32), rng.uniform(0, 32), rng.uniform(0, 32), rng.uniform(0, 32), b, 1);
      break;
    default:
      r.gradient(a, b).ellipse(rng.uniform(8, 24), rng.uniform(8, 24), 5, 5, c, 0.6);
  }
  return r.noise(rng, 14);
}

/** A streaming catalogue: genre from title, artist, tempo, duration, year, explicit flag and cover art. */
export function musicGenreRows(rng: Random, count: number): GeneratedRow[] {
  // Artists release several tracks and mostly stay in one genre, as in a real catalogue.
  const artists: { name: string; genre: Genre }[] = [];
  for (let i = 0; i < Math.round(count / 4); i++) {
    const genre = rng.weighted(GENRES, GENRES.map((g) => g.share));
    // Half of all acts just perform under a person's name, which says nothing about the genre.
    const name = rng.chance(0.5) ? person(rng) : rng.pick(genre.artistStyles)(rng, rng.pick(NAMES));
    artists.push({ name, genre });
  }
  const rows: GeneratedRow[] = [];
  for (let i = 0; i < count; i++) {
    const artist = rng.pick(artists);
    const genre = rng.chance(0.3) ? rng.weighted(GENRES, GENRES.map((g) => g.share)) : artist.genre;
    // Beat trackers often lock onto half or double the tempo.
    const octave = rng.weighted([1, 2, 0.5], [0.88, 0.06, 0.06]);
    const tempo = Math.max(40, rng.normal(...genre.tempo)) * octave;
    rows.push({
      values: {
        track_title: trackTitle(rng, genre),
        artist: maybeMissing(rng, 0.04, artist.name),
        tempo_bpm: maybeMissing(rng, 0.05, Math.round(tempo * 10) / 10),
        duration_s: Math.max(45, Math.round(rng.normal(...genre.duration))),
        release_year: maybeMissing(rng, 0.08, rng.int(...genre.years)),
        explicit: maybeMissing(rng, 0.1, rng.chance(genre.explicit) ? 'yes' : 'no'),
        cover: null,
        genre: genre.key,
      },
      image: cover(rng, genre),
    });
  }
  return rows;
}

export const MUSIC_GENRE_TASK: TaskJson = {
  slug: 'music-genre',
  title: 'Music genre of streaming tracks',
  type: 'classification',
  track: 'classification',
  metric: 'accuracy',
  description: `Predict the **genre** of a track in a streaming catalogue from its metadata and cover art.

Titles are short and mostly built from the same words in every genre ("Summer Night", "Heart of Gold"),
with version suffixes (\`(Live)\`, \`- Remastered\`, \`(feat. …)\`). Artists release several tracks and mostly
stay in their genre, but about 30% of tracks are crossovers. Tempo comes from an automatic beat tracker,
which sometimes reports half or double the true tempo.

| column | role | notes |
|---|---|---|
| \`track_title\` | text | as released |
| \`artist\` | text | artist or ensemble name |
| \`tempo_bpm\` | numeric | beats per minute, from a beat tracker |
| \`duration_s\` | numeric | seconds |
| \`release_year\` | numeric | year of the release (not of the composition) |
| \`explicit\` | categorical | yes / no |
| \`cover\` | image | 32×32 cover art (in \`images/\`) |
| \`genre\` | target | pop, rock, hip_hop, electronic, jazz, classical, metal, folk |

**Hints.** Each genre has a typical palette and motif on its covers, though a third of covers borrow another
genre's look. Electronic music clusters tightly around 126 BPM; classical pieces run long. Ranked by accuracy.`,
  columns: {
    id: 'id', track_title: 'text', artist: 'text', tempo_bpm: 'numeric', duration_s: 'numeric', release_year: 'numeric',
    explicit: 'categorical', cover: 'image', genre: 'target',
  },
  public_fraction: 0.3,
};
