import { CHOICE_LIST_SHEET } from './choice-lists';
import { META_SHEET } from './meta-sheet';

/**
 * The sheets every workbook handed out to be filled in and uploaded again has besides its own (the template's
 * answers, the review workbook's decisions): the instructions, the hidden choice lists and the hidden `_meta`.
 */
export const FILL_IN_SHEETS = {
  guide: 'Hướng dẫn',
  lists: CHOICE_LIST_SHEET,
  meta: META_SHEET,
} as const;
