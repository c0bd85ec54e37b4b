/**
 * One shadow report: how often the candidate agrees with production, how their predictions are spread, both models'
 * metrics where outcomes were known, and the rows where they differ.
 */
import { Alert, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ShadowRecord } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { EChart } from '../../components/charts/EChart';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { differenceText, distributionOption, inputsText, metricRows, num, outputText, pct, psiWords } from './shadowText';

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Stack>
  );
}

export function ShadowReportView({ id }: { id: string }) {
  const query = useGyreQuery('shadow.get', { id });
  if (query.isPending) return <LoadingState label="Loading the shadow report…" />;
  if (query.isError) return <ErrorState title="The shadow report could not be loaded" error={query.error} onRetry={() => void query.refetch()} />;
  return <Report record={query.data} />;
}

function Report({ record }: { record: ShadowRecord }) {
  const r = record.report;
  const names: [string, string] = [`${r.production} (production)`, `${r.candidate} (candidate)`];
  const s = r.shadow;
  return (
    <Stack gap="md" data-testid="shadow-report" aria-label={`Shadow report: ${r.candidate} beside ${r.production}`}>
      <Text size="sm" c="dimmed">
        {r.mode === 'shadow'
          ? `Both models scored the same ${r.rows.toLocaleString('en')} rows of ${record.sourceLabel}; only production's answers were used.`
          : `A/B: each of the ${r.rows.toLocaleString('en')} rows of ${record.sourceLabel} was answered by one model.`}
        {r.skippedLines > 0 && ` ${r.skippedLines.toLocaleString('en')} lines of the log were not rows scored with a candidate and were left out.`}
      </Text>
      {record.notes.map((n) => (
        <Alert key={n} color="yellow" variant="light" p="xs">
          <Text size="sm">{n}</Text>
        </Alert>
      ))}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {s ? (
          <>
            <Figure label="Agreement" value={pct(s.agreementRate)} note={`${s.agreed.toLocaleString('en')} of ${s.compared.toLocaleString('en')} rows: ${s.agreementRule}`} />
            <Figure label="Candidate errors" value={s.candidateErrors.toLocaleString('en')} note={s.candidateErrors ? Object.entries(s.errorCodes).map(([c, n]) => `${c} ${n}`).join(', ') : 'every row scored'} />
          </>
        ) : (
          <>
            <Figure label="Answered by production" value={r.arms.production.toLocaleString('en')} note={pct(r.arms.production / r.rows)} />
            <Figure label="Answered by the candidate" value={r.arms.candidate.toLocaleString('en')} note={pct(r.arms.candidate / r.rows)} />
          </>
        )}
        {r.distance.labelTotalVariation !== null && <Figure label="Label shares differ by" value={pct(r.distance.labelTotalVariation)} note="total variation distance" />}
        {s?.meanAbsoluteDifference !== null && s?.meanAbsoluteDifference !== undefined && <Figure label="Mean |difference|" value={num(s.meanAbsoluteDifference)} note={`median ${num(s.medianAbsoluteDifference)}`} />}
        <Figure label="Outcomes known" value={r.outcomes ? r.outcomes.matched.toLocaleString('en') : 'none'} note={r.outcomes ? 'rows with a true value' : 'metrics need outcomes'} />
      </SimpleGrid>

      <Title order={4}>{r.mode === 'shadow' ? 'How each model predicts the same rows' : 'How each arm predicted its rows'}</Title>
      <EChart option={distributionOption(r.distributions.production, r.distributions.candidate, names)} label="Prediction distributions of production and the candidate" height={240} />
      <Table aria-label="Prediction shift" verticalSpacing={4} maw={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{r.task === 'classification' ? 'Probability of' : 'Output'}</Table.Th>
            <Table.Th ta="right">PSI, candidate vs production</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(r.distance.psi).map(([k, v]) => {
            const w = psiWords(v);
            return (
              <Table.Tr key={k}>
                <Table.Td>{k}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {v === null ? '—' : v.toFixed(3)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={w.color} style={{ textTransform: 'none' }}>
                    {w.text}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>

      {r.metrics && (
        <>
          <Title order={4}>{r.mode === 'shadow' ? 'Both models on the rows whose outcome is known' : 'Each arm on its rows whose outcome is known'}</Title>
          <Table aria-label="Metrics of both models" verticalSpacing={4} maw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Metric</Table.Th>
                <Table.Th ta="right">{r.production}</Table.Th>
                <Table.Th ta="right">{r.candidate}</Table.Th>
                <Table.Th>Candidate</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>Rows with an outcome</Table.Td>
                <Table.Td ta="right">{r.metrics.production.rows.toLocaleString('en')}</Table.Td>
                <Table.Td ta="right">{r.metrics.candidate.rows.toLocaleString('en')}</Table.Td>
                <Table.Td />
              </Table.Tr>
              {metricRows(r.task, r.metrics).map((m) => {
                const d = differenceText(m);
                const show = m.higherIsBetter ? pct : num;
                return (
                  <Table.Tr key={m.name}>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {show(m.production)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {show(m.candidate)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={d.color}>
                        {d.text}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}

      {s && s.disagreements.length > 0 && (
        <>
          <Group gap="xs" align="baseline">
            <Title order={4}>Where they disagree</Title>
            <Text size="sm" c="dimmed">
              the first {s.disagreements.length} of {(s.compared - s.agreed).toLocaleString('en')} rows
            </Text>
          </Group>
          <Table aria-label="Rows where the models disagree" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row / request</Table.Th>
                <Table.Th>{r.production}</Table.Th>
                <Table.Th>{r.candidate}</Table.Th>
                <Table.Th>Inputs</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.disagreements.map((d) => (
                <Table.Tr key={`${d.requestId}-${d.ts}`}>
                  <Table.Td ff="monospace" fz="sm">
                    {d.requestId}
                  </Table.Td>
                  <Table.Td fz="sm">{outputText(d.production)}</Table.Td>
                  <Table.Td fz="sm">{outputText(d.candidate)}</Table.Td>
                  <Table.Td fz="xs">{inputsText(d.inputs)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
