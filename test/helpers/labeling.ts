/** A partly labeled dataset for the labeling tests: who churns depends on tenure (and a little on plan), plus noise. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seeded } from '../../electron/ml/random';
import { tempDir } from './workspace';

export interface LabelingData {
  file: string;
  /** The true class of every row ('churn' or 'stay'), labeled in the file or not. */
  truth: string[];
  tenure: number[];
  /** Rows whose churned value is in the file. */
  labeledInFile: number[];
}

const WORDS = ['billing', 'slow', 'support', 'refund', 'upgrade', 'outage', 'invoice', 'contract', 'price', 'happy', 'login', 'mobile'];

/**
 * `rows` tickets; `churned` is filled for every 25th row (and `vip` for every 10th), the rest empty. `note` is a long
 * free-text field (wrapped in the UI, never a feature).
 */
export function ticketsCsv(rows = 300, dir = tempDir()): LabelingData {
  const random = seeded(7);
  const lines = ['ticket_id,tenure,spend,plan,note,churned,vip'];
  const truth: string[] = [];
  const tenure: number[] = [];
  const labeledInFile: number[] = [];
  for (let i = 0; i < rows; i++) {
    const t = random.int(60);
    const plan = ['basic', 'pro', 'team'][random.int(3)]!;
    const logit = 3 - t / 5 + (plan === 'basic' ? 0.5 : 0);
    const churn = random.next() < 1 / (1 + Math.exp(-logit));
    const note = Array.from({ length: 12 + random.int(30) }, () => WORDS[random.int(WORDS.length)]).join(' ');
    truth.push(churn ? 'churn' : 'stay');
    tenure.push(t);
    const inFile = i % 25 === 3;
    if (inFile) labeledInFile.push(i);
    lines.push(`${5000 + i},${t},${(20 + t * 1.7 + random.next() * 9).toFixed(2)},${plan},"Customer ${i} wrote: ${note}.",${inFile ? truth[i] : ''},${i % 10 === 0 ? String(i % 20 === 0) : ''}`);
  }
  const file = join(dir, 'tickets.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, truth, tenure, labeledInFile };
}
