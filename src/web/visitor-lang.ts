import type { Request } from 'express';
import { isLang, type Lang } from './i18n';
import { LANG_COOKIE } from './session';

/**
 * The language of a visitor who may have no session (the front door, a page that does not exist): the language switch's
 * cookie when set, else the browser's preference between the two we have, else Vietnamese.
 */
export function visitorLang(req: Request): Lang {
  const chosen: unknown = (req.cookies as Record<string, unknown> | undefined)?.[LANG_COOKIE];
  if (isLang(chosen)) return chosen;
  const preferred = req.acceptsLanguages('vi', 'en');
  return isLang(preferred) ? preferred : 'vi';
}
