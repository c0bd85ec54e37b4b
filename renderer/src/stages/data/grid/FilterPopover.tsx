/** The per-column filter: a condition that fits the column's type (numbers compare, text contains), or missing. */
import { useState, type FormEvent } from 'react';
import { ActionIcon, Button, Group, Popover, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import type { ColumnSchema, RowFilter } from '@contract';
import { buildFilter, needsValue, opsFor, type FilterOp } from './filters';

interface Props {
  column: ColumnSchema;
  current: RowFilter | undefined;
  onApply(filter: RowFilter | null): void;
}

export function FilterPopover({ column, current, onApply }: Props) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <ActionIcon
          size="xs"
          variant={current ? 'filled' : 'subtle'}
          color={current ? undefined : 'gray'}
          aria-label={`Filter ${column.name}`}
          aria-pressed={current !== undefined}
          onClick={() => setOpened((o) => !o)}
        >
          <FunnelGlyph />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        {opened && (
          <FilterForm
            column={column}
            current={current}
            onApply={(f) => {
              onApply(f);
              setOpened(false);
            }}
          />
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

function FilterForm({ column, current, onApply }: Props) {
  const ops = opsFor(column.semanticType);
  const [op, setOp] = useState<FilterOp>(current?.op ?? ops[0]!.value);
  const [value, setValue] = useState(current?.value === undefined ? '' : String(current.value));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const raw = column.semanticType === 'boolean' && value === '' ? 'true' : value;
    const filter = buildFilter(column, op, raw);
    if (typeof filter === 'string') setError(filter);
    else onApply(filter);
  };
  return (
    <form onSubmit={submit} aria-label={`Filter ${column.name}`}>
      <Stack gap="xs" w={240}>
        <Select
          label={`Rows where ${column.name}`}
          size="xs"
          data={ops.map((o) => ({ value: o.value, label: o.label }))}
          value={op}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
          onChange={(v) => v && setOp(v as FilterOp)}
        />
        {needsValue(op) &&
          (column.semanticType === 'boolean' ? (
            <SegmentedControl size="xs" data={['true', 'false']} value={value || 'true'} onChange={setValue} aria-label="Value" />
          ) : (
            <TextInput
              size="xs"
              aria-label="Value"
              placeholder={column.semanticType === 'datetime' ? '2022-01-31' : 'Value'}
              value={value}
              error={error}
              data-autofocus
              onChange={(e) => {
                setValue(e.currentTarget.value);
                setError(null);
              }}
            />
          ))}
        <Group justify="space-between" gap="xs">
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onApply(null)} disabled={!current}>
            Clear
          </Button>
          <Button size="compact-xs" type="submit">
            Apply filter
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FunnelGlyph() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden fill="currentColor">
      <path d="M1 2h14l-5.5 6.5V14l-3-1.5V8.5z" />
    </svg>
  );
}
