/** The quality report's verdict in plain words, from the figures a data scientist would look at first. */
import type { AssociationComparison, ColumnQuality, DiscriminatorResult, PrivacyCheck, SyntheticColumn, SyntheticVerdict } from '../../contract/synthetic';

/** Thresholds of the verdict: a column's KS / total variation, the mean association difference, the discriminator's AUC. */
export const LIMITS = {
  good: { distance: 0.1, association: 0.05, auc: 0.65 },
  poor: { distance: 0.2, association: 0.1, auc: 0.85 },
};

const f2 = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const measure = (q: ColumnQuality) => (q.kind === 'numeric' ? `KS ${f2(q.distance)}` : `total variation ${f2(q.distance)}`);

function columnsFinding(quality: ColumnQuality[]): string {
  const off = quality.filter((q) => q.distance > LIMITS.good.distance).sort((a, b) => b.distance - a.distance);
  const worst = [...quality].sort((a, b) => b.distance - a.distance)[0];
  if (!worst) return 'No column could be compared.';
  if (off.length === 0) return `Every column's distribution is close to the real one (the largest difference: ${worst.name}, ${measure(worst)}; 0 means identical, 1 completely different).`;
  const named = off.slice(0, 3).map((q) => `${q.name} (${measure(q)})`).join(', ');
  return `${off.length === 1 ? 'One column differs' : `${off.length} columns differ`} noticeably from the real one: ${named}${off.length > 3 ? ', …' : ''}.`;
}

function associationFinding(a: AssociationComparison | null): string | null {
  if (!a) return null;
  const largest = a.largest ? ` (the largest change: ${a.largest.a} and ${a.largest.b}, ${f2(a.largest.real)} real vs ${f2(a.largest.synthetic)} synthetic)` : '';
  const kept = a.meanAbsDifference <= LIMITS.good.association ? 'Relations between columns are kept' : a.meanAbsDifference <= LIMITS.poor.association ? 'Relations between columns are roughly kept' : 'Relations between columns are not kept well';
  return `${kept}: the pairwise correlations and associations differ by ${f2(a.meanAbsDifference)} on average${largest}.`;
}

function discriminatorFinding(d: DiscriminatorResult): string {
  if (d.auc === null) return 'Too few rows to train a classifier to tell real from synthetic rows.';
  const how = d.auc <= 0.55 ? 'no better than a coin toss' : d.auc <= 0.6 ? 'hardly better than a coin toss' : d.auc <= LIMITS.poor.auc ? 'it finds some differences — typically relations a Gaussian copula does not capture, such as non-linear shapes or rules that hold only within a group' : 'it tells them apart easily';
  const below = d.auc < 0.5 ? ' (below 0.5 is chance too: with few rows the figure scatters around 0.5)' : '';
  return `A classifier trained to tell real from synthetic rows reaches a ROC AUC of ${f2(d.auc)} on rows it did not see (0.5: it cannot tell them apart): ${how}${below}.`;
}

function privacyFindings(p: PrivacyCheck, realRows: number): string[] {
  const { found, dropped } = p.exactCopies;
  const redrawn = found > 0 ? ` ${found.toLocaleString('en')} generated ${found === 1 ? 'row was' : 'rows were'} equal to a real row and ${dropped > 0 ? `drawn again; ${dropped.toLocaleString('en')} that kept landing on real rows ${dropped === 1 ? 'was' : 'were'} left out` : 'drawn again'}.` : '';
  const out = [`No synthetic row equals a real row (every row checked against all ${realRows.toLocaleString('en')} real rows on the ${p.checkedColumns.length} generated columns).${redrawn}`];
  const nn = p.nearestNeighbour;
  if (nn) {
    const expected = nn.closerThanRealP5 <= 0.1 ? 'about what new rows from the same population would show (≈5%)' : 'more than new rows from the same population would show (≈5%): some synthetic rows are near-copies of real ones';
    out.push(`${pct(nn.closerThanRealP5)} of synthetic rows sit closer to a real row than 95% of real rows sit to their nearest real neighbour — ${expected}.`);
  }
  return out;
}

function rareFinding(columns: SyntheticColumn[]): string | null {
  const rare = columns.filter((c) => c.rareCategories > 0);
  if (rare.length === 0) return null;
  const named = rare.map((c) => `${c.name} (${c.rareCategories.toLocaleString('en')})`).join(', ');
  return `Some categories occur in a single real row — ${named} — and generated rows can carry them: merge or drop rare categories first if one could point at a person.`;
}

function columnNotes(columns: SyntheticColumn[]): string | null {
  const ids = columns.filter((c) => c.treatment === 'new-identifiers').map((c) => c.name);
  const dropped = columns.filter((c) => c.treatment === 'dropped').map((c) => c.name);
  const parts = [
    ...(ids.length ? [`${ids.join(', ')} ${ids.length === 1 ? 'holds' : 'hold'} new identifiers, not the real ones`] : []),
    ...(dropped.length ? [`${dropped.join(', ')} ${dropped.length === 1 ? 'was' : 'were'} left out (free text can carry personal details and is not modeled)`] : []),
  ];
  return parts.length ? `${parts.join('; ')}.` : null;
}

export function verdict(args: { quality: ColumnQuality[]; association: AssociationComparison | null; discriminator: DiscriminatorResult; privacy: PrivacyCheck; columns: SyntheticColumn[]; realRows: number }): SyntheticVerdict {
  const worst = Math.max(0, ...args.quality.map((q) => q.distance));
  const assoc = args.association?.meanAbsDifference ?? 0;
  const auc = args.discriminator.auc ?? 0.5;
  const level: SyntheticVerdict['level'] =
    worst > LIMITS.poor.distance || assoc > LIMITS.poor.association || auc > LIMITS.poor.auc
      ? 'poor'
      : worst <= LIMITS.good.distance && assoc <= LIMITS.good.association && auc <= LIMITS.good.auc
        ? 'good'
        : 'fair';
  const headline = {
    good: 'The synthetic rows are hard to tell from the real ones.',
    fair: 'The synthetic rows are close to the real ones, with differences worth knowing before you rely on them.',
    poor: 'The synthetic rows differ from the real ones in ways that matter.',
  }[level];
  const findings = [
    columnsFinding(args.quality),
    associationFinding(args.association),
    discriminatorFinding(args.discriminator),
    ...privacyFindings(args.privacy, args.realRows),
    rareFinding(args.columns),
    columnNotes(args.columns),
    'A Gaussian copula keeps each column’s distribution and the pairwise correlations; it does not keep non-linear relations or rules that hold only within a group.',
  ].filter((s): s is string => s !== null);
  return { level, headline, findings };
}
