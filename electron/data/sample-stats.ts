/** Statistics over the first rows of a source, enough to infer each column's type. */
import type { Duck } from './duck';
import { sqlIdent } from './duck';
import type { ColumnStats } from './infer';

export const SAMPLE_ROWS = 20_000;
const COLUMNS_PER_QUERY = 150;

const BOOLEAN_WORDS = "('true','false','yes','no','t','f','y','n')";

/** Creates temp table `sample` from the relation and returns per-column stats. */
export async function sampleStats(duck: Duck, relation: string, decimalComma: boolean): Promise<{ stats: ColumnStats[]; rows: number }> {
  await duck.run(`CREATE OR REPLACE TEMP TABLE sample AS SELECT * FROM ${relation} LIMIT ${SAMPLE_ROWS}`);
  const described = await duck.rows<{ column_name: string; column_type: string }>('DESCRIBE sample');
  const [{ n }] = (await duck.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM sample')) as [{ n: number }];
  const stats: ColumnStats[] = [];
  for (let start = 0; start < described.length; start += COLUMNS_PER_QUERY) {
    const chunk = described.slice(start, start + COLUMNS_PER_QUERY);
    const select = chunk.flatMap(({ column_name: name, column_type: type }, i) => {
      const c = sqlIdent(name);
      const text = `CAST(${c} AS VARCHAR)`;
      const parts = [
        `count(${c})::INTEGER AS nn_${i}`,
        `count(DISTINCT ${c})::INTEGER AS d_${i}`,
        `coalesce(avg(length(${text})), 0)::DOUBLE AS l_${i}`,
        `count(CASE WHEN contains(${text}, ' ') THEN 1 END)::INTEGER AS sp_${i}`,
      ];
      if (type === 'VARCHAR') {
        const num = decimalComma ? `replace(${c}, ',', '.')` : c;
        parts.push(
          // TRY_CAST('2.5' AS BIGINT) rounds, so integers are matched by pattern.
          `count(CASE WHEN regexp_full_match(trim(${c}), '[+-]?[0-9]{1,18}') THEN 1 END)::INTEGER AS bi_${i}`,
          `count(TRY_CAST(${num} AS DOUBLE))::INTEGER AS db_${i}`,
          `count(CASE WHEN lower(trim(${c})) IN ${BOOLEAN_WORDS} THEN 1 END)::INTEGER AS bo_${i}`,
        );
      }
      return parts;
    });
    const [row] = await duck.rows<Record<string, number>>(`SELECT ${select.join(', ')} FROM sample`);
    chunk.forEach(({ column_name: name, column_type: type }, i) => {
      const v = (k: string) => Number(row![`${k}_${i}`] ?? 0);
      stats.push({
        name,
        storageType: type,
        rows: n,
        nonNull: v('nn'),
        distinct: Math.min(v('d'), v('nn')),
        avgLength: v('l'),
        withSpaces: v('sp'),
        ...(type === 'VARCHAR' ? { castable: { bigint: v('bi'), double: v('db'), boolean: v('bo'), date: 0, timestamp: 0 } } : {}),
      });
    });
  }
  await countDatetimes(duck, stats);
  return { stats, rows: n };
}

/**
 * Date and timestamp casts cost several times the others, so they run only on text columns that are not
 * already numbers or booleans.
 */
async function countDatetimes(duck: Duck, stats: ColumnStats[]): Promise<void> {
  const candidates = stats.filter((s) => s.castable && s.nonNull > 0 && ![s.castable.bigint, s.castable.double, s.castable.boolean].includes(s.nonNull));
  for (let start = 0; start < candidates.length; start += COLUMNS_PER_QUERY) {
    const chunk = candidates.slice(start, start + COLUMNS_PER_QUERY);
    const select = chunk.flatMap((s, i) => [`count(TRY_CAST(${sqlIdent(s.name)} AS DATE))::INTEGER AS da_${i}`, `count(TRY_CAST(${sqlIdent(s.name)} AS TIMESTAMP))::INTEGER AS ts_${i}`]);
    const [row] = await duck.rows<Record<string, number>>(`SELECT ${select.join(', ')} FROM sample`);
    chunk.forEach((s, i) => {
      s.castable!.date = Number(row?.[`da_${i}`] ?? 0);
      s.castable!.timestamp = Number(row?.[`ts_${i}`] ?? 0);
    });
  }
}
