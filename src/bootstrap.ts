import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation.pipe';
import { loadConfig } from './config/load-config';
import { openApiDocument } from './openapi';
import { YAML_MEDIA_TYPES } from './frameworks/framework-body';
import { webSessionMiddleware, WebSessionSettings } from './web/session';
import { SiteExceptionFilter } from './web/site-exception.filter';
import { setupViews } from './web/view-setup';
import { WiringQuietLogger } from './common/wiring-quiet-logger';

/** Builds the HTTP app with everything main.ts and the e2e tests share; the caller listens or inits. */
export async function createApp(): Promise<NestExpressApplication> {
  // Validate the settings before anything connects, so a bad one stops the start with its name.
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new WiringQuietLogger(app.get(Logger)));
  // Nothing names the framework to a caller; every reply (assets, errors, a body parser's refusal) carries the same
  // protections: so these come before the body parsers.
  app.disable('x-powered-by');
  app.use(securityHeaders(config.NODE_ENV === 'production'));
  app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
  app.useBodyParser('text', { type: YAML_MEDIA_TYPES, limit: config.BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT_BYTES, extended: false });
  // The client address (req.ip, which the login limits count by) from X-Forwarded-For of the proxies trusted here
  // only: trusting any peer would let a client name its own address (src/config/app-config.ts TRUST_PROXY).
  app.set('trust proxy', config.TRUST_PROXY.split(',').map((p) => p.trim()));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new SiteExceptionFilter());
  // Server-rendered pages: nunjucks views (src/web/views), /assets (src/web/public) and Chart.js from node_modules.
  setupViews(app);
  // The web app's cookies (session, CSRF secret, language) and the page scripts' way into the API (src/web/session.ts).
  app.use(...webSessionMiddleware(app.get(WebSessionSettings)));
  SwaggerModule.setup('api/docs', app, openApiDocument(app));
  return app;
}
