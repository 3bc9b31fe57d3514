import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import type { ApiKeyView } from '../auth/api-keys.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { PaginationQuery, type Page } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validators';
import { ApiKeyScopesDto, CreateServiceAccountDto } from './dto/service-account.dto';
import { ServiceAccountsService, type IssuedKey, type ServiceAccountView } from './service-accounts.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/service-accounts')
export class ServiceAccountsController {
  constructor(private readonly accounts: ServiceAccountsService) {}

  @ApiDoc({
    summary: 'Create a service account with an API key',
    does:
      "A national system's machine account (role service: no password, no pages) and its first API key, scoped to the series it may push (framework codes). The answer holds the key (`secret`) this once: keep it; only its prefix is shown afterwards. The system then calls the feed API with `Authorization: ApiKey <secret>`. Audited (without the secret).",
    refusals: [invalid('email, fullName or scopes'), refusal(ErrorCode.Conflict, 'an account with the e-mail exists')],
    requestExample: { email: 'cong-dvc@he-thong.gov.vn', fullName: 'Cổng Dịch vụ công quốc gia', scopes: ['DVCTT'] },
  })
  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceAccountDto): Promise<IssuedKey> {
    return this.accounts.create(actor, dto);
  }

  @ApiDoc({ summary: 'List service accounts', does: 'The service accounts, a page at a time (by e-mail), each with its keys: prefix, scopes, created, last used, revoked. Never a secret.', refusals: [invalid('page or pageSize')] })
  @Get()
  @Roles(Role.Admin)
  list(@Query() query: PaginationQuery): Promise<Page<ServiceAccountView>> {
    return this.accounts.list(query);
  }

  @ApiDoc({
    summary: 'Issue another API key',
    does: 'A new key of the service account with its scopes (a rotation: issue the new one, switch, revoke the old one); the key is in the answer this once. Audited.',
    refusals: [invalid('id or scopes'), notFound('service account')],
  })
  @Post(':id/keys')
  @Roles(Role.Admin)
  issueKey(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: ApiKeyScopesDto): Promise<IssuedKey> {
    return this.accounts.issueKey(actor, id, dto.scopes);
  }

  @ApiDoc({
    summary: 'Revoke an API key',
    does: 'From now on a request with the key is refused (401, saying it was revoked); the key stays listed with its revocation time. Audited.',
    refusals: [invalid('id or keyId'), notFound('service account or api key')],
  })
  @Delete(':id/keys/:keyId')
  @Roles(Role.Admin)
  revokeKey(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Param('keyId', ParseIdPipe) keyId: string): Promise<ApiKeyView> {
    return this.accounts.revokeKey(actor, id, keyId);
  }
}
