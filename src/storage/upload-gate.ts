import { type CallHandler, type ExecutionContext, Injectable, mixin, type NestInterceptor, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { DomainException } from '../common/domain.exception';
import type { PutFile } from './file-storage';
import { OrphanFilesService } from './orphan-files.service';
import { UploadQuotaService, type UploadAllowance, type Uploader } from './upload-quota.service';

/**
 * A feature's check of an upload to one route, from the actor and the route's params alone: who may write there,
 * whether the cycle and unit exist, whether the phase and window allow it. Throws the refusal (403, 404, 409). The
 * actor is the one the authentication put on the request (a feature's check reads it as its Actor).
 */
export type UploadCheck = (actor: Uploader, params: Record<string, string>) => Promise<void>;

/** The names of the methods of T that are UploadChecks (taking the request's actor as the feature's own Actor type). */
export type UploadCheckName<T> = { [K in keyof T]: T[K] extends (actor: never, params: Record<string, string>) => Promise<void> ? K : never }[keyof T];

const ALLOWANCE = Symbol('upload:allowance');

/** What the gate let this request upload: the storage engine stops at the reservation (the declared length may be absent). */
export interface GatedAllowance extends UploadAllowance {
  /** The 429 to answer when the bytes that arrive pass the quota. */
  exceeded(): Promise<DomainException>;
}

interface GatedRequest extends Request {
  actor?: Uploader;
  [ALLOWANCE]?: GatedAllowance;
}

/** The allowance the gate gave this request, if a gate ran. */
export const uploadAllowance = (req: Request): GatedAllowance | undefined => (req as GatedRequest)[ALLOWANCE];

/** The request's declared Content-Length, or null when it has none (chunked: the quota reserves the largest file instead). */
function declaredLength(req: Request): number | null {
  const header = req.headers['content-length'];
  return typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : null;
}

/**
 * Runs before the file interceptor (list it first: `@UseInterceptors(UploadGate(Checks, 'name'), FileInterceptor('file'))`),
 * so a refused upload is refused before a byte of it is read or written: the route's UploadCheck (the method `name`
 * of the feature's class of upload checks, a provider of its module), then the user's rate and quota
 * (UploadQuotaService), which reserves the declared Content-Length. A refusal answers at once; Node discards the
 * unread body after the answer. After the handler, a file the storage engine wrote is discarded if the request was
 * refused all the same (a body field, the version, a phase moved meanwhile: thrown, or a page answered with 4xx);
 * OrphanFilesService.discard keeps it if a row names it. The reservation is then settled: the file's size counts,
 * the rest is given back (all of it when no file was written).
 */
export function UploadGate<T>(checks: Type<T>, name: UploadCheckName<T>): Type<NestInterceptor> {
  @Injectable()
  class Gate implements NestInterceptor {
    constructor(
      private readonly moduleRef: ModuleRef,
      private readonly quota: UploadQuotaService,
      private readonly orphans: OrphanFilesService,
    ) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<GatedRequest>();
      const res = context.switchToHttp().getResponse<Response>();
      const actor = req.actor;
      if (!actor) throw new Error('UploadGate used on a route without authentication');
      const provider = this.moduleRef.get(checks, { strict: false });
      await (provider[name] as unknown as UploadCheck).call(provider, actor, req.params as Record<string, string>);
      const allowance = await this.quota.admit(actor, declaredLength(req));
      req[ALLOWANCE] = { ...allowance, exceeded: () => this.quota.quotaExceededFor(actor) };
      const settle = async (refused: boolean): Promise<void> => {
        const stored = (req.file as (Express.Multer.File & { stored?: PutFile }) | undefined)?.stored;
        // Neither step may turn the answer into another error: a fault here leaves an orphan for the sweep.
        if (refused && stored) await this.orphans.discard(stored).catch(() => false);
        // A file written counts, refused or not (its bytes reached the disk); no file gives the reservation back.
        await this.quota.settle(actor, allowance, req.file?.size ?? 0).catch(() => undefined);
      };
      return next.handle().pipe(
        mergeMap(async (value: unknown) => {
          await settle(res.statusCode >= 400);
          return value;
        }),
        catchError((error: unknown) => from(settle(true)).pipe(mergeMap(() => throwError(() => error)))),
      );
    }
  }
  return mixin(Gate);
}
