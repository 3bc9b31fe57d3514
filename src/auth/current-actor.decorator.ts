import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../common/actor';

export interface AuthenticatedRequest {
  actor?: Actor;
  id?: string;
}

/** The signed-in user of the request, as an Actor for services and the audit log. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
