/**
 * Saving a charter version: checks the draft with the contract's schema first, then calls `charters.save`
 * with the version the editor started from. The server's VALIDATION issues come back as field errors,
 * and CONFLICT (someone saved in between) is kept so the page can offer "Reload latest".
 */
import { useState } from 'react';
import type { CharterVersion, GyreError } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { notifyError, notifySuccess } from '../../components/notify';
import { toCharterInput, type CharterDraft } from './draft';
import { serverFieldErrors, validateDraft, type FieldErrors } from './validation';

interface SaveRequest {
  draft: CharterDraft;
  basedOnVersion: number | null;
  note: string;
  onSaved(saved: CharterVersion): void;
  onFieldErrors(errors: FieldErrors): void;
}

export function useCharterSave(projectId: string) {
  const mutation = useGyreMutation('charters.save');
  const [conflict, setConflict] = useState<GyreError | null>(null);

  const save = ({ draft, basedOnVersion, note, onSaved, onFieldErrors }: SaveRequest) => {
    const errors = validateDraft(draft);
    const count = Object.keys(errors).length;
    onFieldErrors(errors);
    if (count > 0) {
      notifyError(`${count} ${count === 1 ? 'field needs' : 'fields need'} attention before the charter can be saved.`, 'Not saved yet');
      return;
    }
    setConflict(null);
    mutation.mutate(
      { projectId, content: toCharterInput(draft), basedOnVersion, note },
      {
        onSuccess: (saved) => {
          notifySuccess(saved.version === basedOnVersion ? 'Nothing changed since the last version.' : `Charter version ${saved.version} saved.`);
          onSaved(saved);
        },
        onError: (error) => {
          if (error.code === 'CONFLICT') {
            setConflict(error);
            return;
          }
          const fieldErrors = error.code === 'VALIDATION' ? serverFieldErrors(error) : {};
          if (Object.keys(fieldErrors).length > 0) onFieldErrors(fieldErrors);
          notifyError(error, 'The charter was not saved');
        },
      },
    );
  };

  return { save, saving: mutation.isPending, conflict, clearConflict: () => setConflict(null) };
}
