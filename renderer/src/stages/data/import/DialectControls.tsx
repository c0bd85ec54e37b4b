/** The CSV/TSV dialect as the preview sniffed it, editable; every change re-reads the preview. */
import { Group, Select, Switch } from '@mantine/core';
import type { CsvOptions } from '@contract';

const DELIMITERS = [
  { value: ',', label: 'Comma  ,' },
  { value: ';', label: 'Semicolon  ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe  |' },
];

const ENCODINGS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'latin-1', label: 'Latin-1 (ISO-8859-1)' },
];

/** Select values cannot be empty, so "no quoting" travels as 'none' and becomes '' for the reader. */
const QUOTES = [
  { value: '"', label: 'Double  "' },
  { value: "'", label: "Single  '" },
  { value: 'none', label: 'None' },
];

const DECIMAL_SEPARATORS = [
  { value: '.', label: 'Point  1.5' },
  { value: ',', label: 'Comma  1,5' },
];

interface Props {
  dialect: CsvOptions;
  onChange(change: Partial<CsvOptions>): void;
  disabled?: boolean;
}

export function DialectControls({ dialect, onChange, disabled }: Props) {
  // A sniffed delimiter outside the usual four (e.g. ':') is still shown, as itself.
  const delimiters = DELIMITERS.some((d) => d.value === dialect.delimiter)
    ? DELIMITERS
    : [...DELIMITERS, { value: dialect.delimiter, label: `Other  ${JSON.stringify(dialect.delimiter)}` }];
  return (
    <Group gap="md" align="flex-end" role="group" aria-label="How the file is read">
      <Select
        label="Delimiter"
        size="xs"
        w={150}
        data={delimiters}
        value={dialect.delimiter}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => v !== null && onChange({ delimiter: v })}
      />
      <Select
        label="Quote"
        size="xs"
        w={120}
        data={QUOTES}
        value={dialect.quote === '' ? 'none' : dialect.quote}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => v !== null && onChange({ quote: v === 'none' ? '' : v })}
      />
      <Select
        label="Encoding"
        size="xs"
        w={180}
        data={ENCODINGS}
        value={dialect.encoding}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => (v === 'utf-8' || v === 'latin-1') && onChange({ encoding: v })}
      />
      <Select
        label="Decimal separator"
        size="xs"
        w={150}
        data={DECIMAL_SEPARATORS}
        value={dialect.decimalSeparator}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => (v === '.' || v === ',') && onChange({ decimalSeparator: v })}
      />
      <Switch label="Header row" size="sm" mb={6} checked={dialect.header} disabled={disabled} onChange={(e) => onChange({ header: e.currentTarget.checked })} />
      <Switch
        label="Skip bad rows"
        size="sm"
        mb={6}
        checked={dialect.skipBadRows}
        disabled={disabled}
        onChange={(e) => onChange({ skipBadRows: e.currentTarget.checked })}
      />
    </Group>
  );
}
