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

/** The `_meta` keys every fill-in workbook carries: its format, and the cycle and framework it was made for. */
export const FILL_IN_META = {
  format: 'format',
  cycleId: 'cycleId',
  cycleYear: 'cycleYear',
  frameworkCode: 'frameworkCode',
  frameworkVersion: 'frameworkVersion',
} as const;
