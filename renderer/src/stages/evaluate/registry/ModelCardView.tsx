/**
 * A model version's model card: its sections drawn from their blocks (paragraphs, lists, tables — no Markdown
 * parsed here), the editable ones with Edit / Save / Reset to generated, and the card saved as Markdown or HTML.
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, List, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import type { ModelCard, ModelCardBlock, ModelCardSection } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { formatDateTime } from '../../../components/format';
import { notifyError, notifySuccess } from '../../../components/notify';
import { ErrorState, LoadingState } from '../../../components/QueryState';
import { CARD_FILE_TYPES, cardFileName, type CardFormat } from '../modelCardFiles';

/** A Blob behind a temporary link: the browser host saves it, Electron asks where. */
function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ModelCardView({ projectId, modelRef }: { projectId: string; modelRef: string }) {
  const card = useGyreQuery('registry.card', { projectId, ref: modelRef });
  if (card.isPending) return <LoadingState label="Writing the model card…" />;
  if (card.isError) return <ErrorState title="The model card could not be generated" error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  const download = (format: CardFormat) => downloadText(format === 'md' ? c.markdown : c.html, cardFileName(c.ref, format), CARD_FILE_TYPES[format]);
  return (
    <Card withBorder padding="lg" component="section" aria-label={`Model card of ${c.ref}`} data-testid="model-card">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3}>{c.title}</Title>
            {c.summary.map((line) => (
              <Text key={line} size="sm" c="dimmed">
                {line}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              Generated {formatDateTime(c.generatedAt)} from the version’s run, evaluation, charter and data.
            </Text>
          </Stack>
          <Group gap="xs">
            <Button variant="default" onClick={() => download('md')}>
              Download Markdown
            </Button>
            <Button variant="default" onClick={() => download('html')}>
              Download HTML
            </Button>
          </Group>
        </Group>
        {c.sections.map((s) => (
          <SectionView key={s.id} projectId={projectId} card={c} section={s} />
        ))}
      </Stack>
    </Card>
  );
}

function SectionView({ projectId, card, section }: { projectId: string; card: ModelCard; section: ModelCardSection }) {
  // null: reading; a string: the text being edited.
  const [draft, setDraft] = useState<string | null>(null);
  const edit = useGyreMutation('registry.editCard');
  const save = (text: string | null) =>
    edit.mutate(
      { projectId, ref: card.versionId, section: section.id, text },
      {
        onSuccess: () => {
          setDraft(null);
          notifySuccess(text === null ? `${section.title}: back to the generated text.` : `${section.title} saved; it stays when the card is generated again.`);
        },
        onError: (e) => notifyError(e, `${section.title} was not saved`),
      },
    );
  return (
    <Stack gap="xs" component="section" aria-label={section.title} data-testid={`card-section-${section.id}`}>
      <Group justify="space-between" align="center" gap="sm">
        <Group gap="xs">
          <Title order={4}>{section.title}</Title>
          {section.editable && (
            <Badge size="sm" variant="light" color={section.edited ? 'violet' : 'gray'} style={{ textTransform: 'none' }}>
              {section.edited ? `edited by ${section.edited.actor}, ${formatDateTime(section.edited.at)}` : 'generated draft: edit it'}
            </Badge>
          )}
        </Group>
        {section.editable && draft === null && (
          <Group gap="xs">
            {section.edited && (
              <Button size="xs" variant="subtle" loading={edit.isPending} onClick={() => save(null)}>
                Reset to generated
              </Button>
            )}
            <Button size="xs" variant="default" onClick={() => setDraft(section.text)}>
              Edit
            </Button>
          </Group>
        )}
      </Group>
      {draft === null ? (
        <Blocks blocks={section.blocks} />
      ) : (
        <Stack gap="xs">
          <Textarea
            aria-label={`${section.title} text`}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            autosize
            minRows={6}
            maxRows={24}
            description='Paragraphs are separated by a blank line; a line starting with "- " is a list item.'
          />
          <Group gap="xs">
            <Button size="xs" loading={edit.isPending} disabled={draft.trim() === ''} onClick={() => save(draft)}>
              Save
            </Button>
            <Button size="xs" variant="default" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button size="xs" variant="subtle" loading={edit.isPending} onClick={() => save(null)}>
              Reset to generated
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

const mono = { fontVariantNumeric: 'tabular-nums' as const };

function Blocks({ blocks }: { blocks: ModelCardBlock[] }) {
  return (
    <Stack gap="sm">
      {blocks.map((b, i) => (
        <Block key={i} block={b} />
      ))}
    </Stack>
  );
}

function Block({ block }: { block: ModelCardBlock }) {
  switch (block.kind) {
    case 'paragraph':
      return (
        <Text size="sm" maw={860}>
          {block.text}
        </Text>
      );
    case 'heading':
      return (
        <Title order={5} mt="xs">
          {block.text}
        </Title>
      );
    case 'list':
      return (
        <List size="sm" spacing={2} maw={860}>
          {block.items.map((item, i) => (
            <List.Item key={i}>{item}</List.Item>
          ))}
        </List>
      );
    case 'table':
      return (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label={block.caption} withTableBorder verticalSpacing={4} fz="sm" captionSide="top">
            <Table.Caption style={{ textAlign: 'left' }}>{block.caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {block.columns.map((c, i) => (
                  <Table.Th key={i} ta={block.numeric[i] ? 'right' : undefined}>
                    {c}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {block.rows.map((row, r) => (
                <Table.Tr key={r}>
                  {row.map((cell, i) => (
                    <Table.Td key={i} ta={block.numeric[i] ? 'right' : undefined} style={block.numeric[i] ? mono : { wordBreak: 'break-word' }}>
                      {cell}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
    default:
      throw new Error(`Unknown model card block ${(block as { kind: string }).kind}`);
  }
}
