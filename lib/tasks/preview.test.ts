import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { createChallenge } from '@/lib/challenges/admin';
import { LocalBlobStore } from '@/lib/storage/local';
import { importTask } from './import-task';
import { parseCsvPrefix, taskImage, taskPreview } from './preview';
import { getTaskBySlug } from './queries';

const IRIS = path.resolve(__dirname, 'fixtures/iris');
const LONG = 'A very long note about this flower, written by a botanist who had a lot to say about sepals, petals and the weather that day.';

/** The iris slice with a photo (image) and a note (text) column, and one PNG-named file per row under images/. */
function irisWithImages(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-preview-'));
  fs.mkdirSync(path.join(dir, 'images/p'), { recursive: true });
  const task = JSON.parse(fs.readFileSync(path.join(IRIS, 'task.json'), 'utf8'));
  task.columns = { ...task.columns, photo: 'image', note: 'text' };
  fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify(task));
  fs.copyFileSync(path.join(IRIS, 'test_labels.csv'), path.join(dir, 'test_labels.csv'));
  for (const file of ['train.csv', 'test.csv']) {
    const [head, ...rows] = fs.readFileSync(path.join(IRIS, file), 'utf8').trim().split('\n');
    const out = [`${head},photo,note`];
    for (const r of rows) {
      const id = r.split(',')[0];
      fs.writeFileSync(path.join(dir, `images/p/${id}.png`), `png bytes of ${id}`);
      out.push(`${r},p/${id}.png,"${id === 'iris-001' ? LONG : 'short, with a comma'}"`);
    }
    fs.writeFileSync(path.join(dir, file), out.join('\n') + '\n');
  }
  return dir;
}

describe('parseCsvPrefix', () => {
  it('reads quoted fields, doubled quotes, newlines in quotes and CRLF; empty is null', () => {
    const r = parseCsvPrefix('\ufeffa,b\r\n"x, ""y""",\r\n"line\nbreak",2\r\n', 10, true);
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      ['x, "y"', null],
      ['line\nbreak', '2'],
    ]);
  });
  it('drops a record cut by the end of a prefix, keeps a last line without newline of a whole file, stops at maxRows', () => {
    expect(parseCsvPrefix('a,b\n1,2\n3,4', 10, false).rows).toEqual([['1', '2']]);
    expect(parseCsvPrefix('a,b\n1,2\n3,4', 10, true).rows).toEqual([['1', '2'], ['3', '4']]);
    expect(parseCsvPrefix('a\n1\n2\n3\n4\n', 2, true).rows).toEqual([['1'], ['2']]);
  });
});

describe.each(testDatabases())('the data preview on $name', (factory) => {
  let t: TestDb;
  let blobRoot: string;
  let store: LocalBlobStore;
  let folder: string;
  let taskId: string;

  beforeAll(async () => {
    t = await factory.open();
    blobRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-blobs-'));
    store = new LocalBlobStore(blobRoot);
    const c = await createChallenge({ db: t.db, input: { slug: 'prev', title: 'Preview', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000) } });
    folder = irisWithImages();
    await importTask({ db: t.db, store, challengeId: c.id, folder });
    taskId = (await getTaskBySlug({ db: t.db, challengeId: c.id, slug: 'iris-species' })).id;
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(blobRoot, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows the first rows of train and test with their roles, and a few train images per class', async () => {
    const task = await getTaskBySlug({ db: t.db, challengeId: (await t.db.query.tasks.findFirst())!.challengeId, slug: 'iris-species' });
    const p = await taskPreview({ db: t.db, store, task });
    expect(p.tables.map((x) => x.file)).toEqual(['train.csv', 'test.csv']);
    const [train, test] = p.tables;
    expect(train.columns.map((c) => `${c.name}:${c.role}`)).toEqual([
      'id:id', 'sepal_length:numeric', 'sepal_width:numeric', 'petal_length:numeric', 'petal_width:numeric', 'species:target', 'photo:image', 'note:text',
    ]);
    expect(train.rows).toHaveLength(8);
    expect(train.rows[0]).toEqual(['iris-001', '5.1', '3.5', '1.4', '0.2', 'Iris-setosa', 'p/iris-001.png', LONG]);
    expect(test.columns.some((c) => c.role === 'target')).toBe(false); // the test file has no labels to show
    expect(p.gallery?.column).toBe('photo');
    expect(p.gallery?.classes.map((c) => c.label)).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    for (const c of p.gallery!.classes) {
      expect(c.images.length).toBeGreaterThan(0);
      expect(c.images.length).toBeLessThanOrEqual(4);
    }
  });

  it('serves an image as a byte range of the stored images.zip, and nothing that is not in it', async () => {
    const img = await taskImage({ db: t.db, store, taskId, name: 'p/iris-002.png' });
    expect(img.type).toBe('image/png');
    expect(Buffer.from(await new Response(img.stream).arrayBuffer()).toString()).toBe('png bytes of iris-002');
    for (const name of ['p/nope.png', '../task.json', 'test_labels.csv', '']) {
      await expect(taskImage({ db: t.db, store, taskId, name })).rejects.toMatchObject({ code: 'not_found:image' });
    }
  });
});
