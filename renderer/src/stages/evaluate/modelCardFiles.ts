/** A model card saved as a file: its name ("churn@3-model-card.md") and its type. Pure, so it is tested apart from the page. */

export type CardFormat = 'md' | 'html';

export const CARD_FILE_TYPES: Record<CardFormat, string> = { md: 'text/markdown;charset=utf-8', html: 'text/html;charset=utf-8' };

/** The card's file name: the version's NAME@VERSION with anything a file system may refuse replaced by "_". */
export function cardFileName(ref: string, format: CardFormat): string {
  const safe = ref.replace(/[^\w.@-]+/g, '_').replace(/^[.]+/, '') || 'model';
  return `${safe}-model-card.${format}`;
}
