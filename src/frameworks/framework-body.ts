import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainException } from '../common/domain.exception';
import type { FrameworkSource } from './frameworks.service';

export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** A framework in the request body: YAML text (Content-Type: application/yaml) or a JSON document. */
export const FrameworkBody = createParamDecorator((_data: unknown, ctx: ExecutionContext): FrameworkSource => {
  const request = ctx.switchToHttp().getRequest<Request>();
  if (typeof request.body === 'string' && request.is(YAML_MEDIA_TYPES)) {
    return { text: request.body, fileName: 'body.yaml' };
  }
  if (request.body && typeof request.body === 'object' && !Array.isArray(request.body) && Object.keys(request.body).length) {
    return { document: request.body };
  }
  throw DomainException.validation([
    { field: 'body', rule: 'frameworkDocument', message: 'send the framework as a JSON object or as application/yaml text' },
  ]);
});
