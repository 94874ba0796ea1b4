import { answerKeyFromFolder } from '@/lib/tasks/answer-key-from-folder';
import { scoreSubmission } from '@/lib/scoring/score';
const [folder, ...preds] = process.argv.slice(2);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let t = performance.now(); let c = cpu();
const key = await answerKeyFromFolder(folder);
console.log('key', ((performance.now() - t) / 1000).toFixed(2), 'cpu', (cpu() - c).toFixed(2));
for (const pred of preds) {
  t = performance.now(); c = cpu();
  const r = await scoreSubmission({ key, file: { path: pred } });
  console.log(pred.split('/').pop(), ((performance.now() - t) / 1000).toFixed(2), 'cpu', (cpu() - c).toFixed(2), r.all.accuracy);
}
