/** What verifying a bundle found: every file matches its manifest, or which are altered, missing or extra. */
import { Alert, Stack, Text } from '@mantine/core';
import type { VerifyResult } from '@contract';

export function VerifyReport({ result }: { result: VerifyResult }) {
  if (result.ok) return <Alert color="teal" title="Verified">All {result.checked} files match MANIFEST.json.</Alert>;
  const lines = [...result.problems, ...result.altered.map((f) => `${f}: altered (its SHA-256 differs)`), ...result.missing.map((f) => `${f}: missing`), ...result.extra.map((f) => `${f}: not in MANIFEST.json`)];
  return (
    <Alert color="red" title="Does not verify" data-testid="verify-problems">
      <Stack gap={2}>
        {lines.map((l) => (
          <Text key={l} size="sm">
            {l}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
