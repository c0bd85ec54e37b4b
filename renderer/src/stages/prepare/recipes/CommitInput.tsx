/** A text box for recipe settings. */
import { useState, type ReactNode } from 'react';
import { TextInput } from '@mantine/core';

/** A text box that commits on Enter or leaving it, so that undo takes back whole edits, not keystrokes. */
export function CommitInput({ value, onCommit, label, description, placeholder, mono }: { value: string; onCommit(v: string): void; label: string; description?: ReactNode; placeholder?: string; mono?: boolean }) {
  const [text, setText] = useState(value);
  // An undo (or another step selected) changes the value from outside: show it instead of the text typed.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const commit = () => {
    if (text.trim() && text !== value) onCommit(text);
  };
  return (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      styles={mono ? { input: { fontFamily: 'var(--mantine-font-family-monospace)' } } : undefined}
    />
  );
}
