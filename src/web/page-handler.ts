import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import { checkWithDto } from './form-values';
import type { Lang, Translate } from './i18n';

/** The page's language and its translate function (set on every page request by the language middleware). */
export const pageT = (res: Response): Translate => res.locals.t as Translate;
export const pageLang = (res: Response): Lang => res.locals.lang as Lang;

/**
 * A form checked by the API's own DTO class and its rules: the DTO, or the validation refusal (422 naming each field
 * and rule) thrown, as the API's pipe would.
 */
export async function validDto<T extends object>(cls: new () => T, plain: object): Promise<T> {
  const { dto, problems } = await checkWithDto(cls, plain);
  if (problems.length) throw DomainException.validation(problems);
  return dto;
}

/** How one form is answered (submitForm): what it does, and what its page shows when a service refuses it. */
export interface FormAnswer<R> {
  /** Checks the form (validDto) and asks the service; resolves to the address that shows the result. */
  act: () => Promise<string>;
  /** The refusal in this page's words, or null for an error the page does not explain (the error page shows it). */
  refused: (error: unknown, t: Translate) => R | null;
  /** The form's page again, with the refusal and what was typed. */
  again: (refusal: R) => Promise<unknown>;
}

/**
 * The one way a page answers a form: done, it goes to the page of the result (303, so a reload asks nothing again);
 * refused by a service, the form's page is shown again with the refusal in the page's words; anything else goes on
 * to the error page.
 */
export async function submitForm<R>(res: Response, form: FormAnswer<R>): Promise<void> {
  let next: string;
  try {
    next = await form.act();
  } catch (error) {
    const refusal = form.refused(error, pageT(res));
    if (refusal === null) throw error;
    await form.again(refusal);
    return;
  }
  res.redirect(303, next);
}

/**
 * The flash of a page after a form (the `done` of its address): the sentence of that outcome, or null for none or
 * an unknown one.
 */
export async function doneFlash(done: unknown, sentences: Record<string, () => string | null | Promise<string | null>>): Promise<string | null> {
  return typeof done === 'string' && Object.hasOwn(sentences, done) ? sentences[done]() : null;
}

/** The ids of a page of one unit in one cycle, from its address. */
export interface UnitCycleIds {
  cycleId: string;
  unitId: string;
}

const ids = new ParseIdPipe();

/** :cycleId and :unitId of the address, each a UUID or refused with 400 naming it (ParseIdPipe, cycleId first). */
export const UnitCycle = createParamDecorator((_data: unknown, ctx: ExecutionContext): UnitCycleIds => {
  const params = ctx.switchToHttp().getRequest<Request>().params;
  return {
    cycleId: ids.transform(params.cycleId, { type: 'param', data: 'cycleId' }),
    unitId: ids.transform(params.unitId, { type: 'param', data: 'unitId' }),
  };
});
