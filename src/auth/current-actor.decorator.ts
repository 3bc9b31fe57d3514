import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';
import type { TokenPayload } from './token-payload';

export interface AuthenticatedRequest {
  actor?: Actor;
  /** The claims of the token the request was let in by (its sid ends it at sign-out). */
  session?: TokenPayload;
  id?: string;
}

/** The signed-in user of the request, as an Actor for services and the audit log. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});

/** The claims of the request's session token. */
export const CurrentSession = createParamDecorator((_data: unknown, ctx: ExecutionContext): TokenPayload => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.session) throw new Error('CurrentSession used on a route without authentication');
  return request.session;
});
