/** What every charter section receives, in the wizard and in the editor alike. */
import type { CharterDraft, DraftUpdate } from '../draft';
import type { FieldErrors } from '../validation';

export interface SectionProps {
  draft: CharterDraft;
  update: DraftUpdate;
  errors: FieldErrors;
}
