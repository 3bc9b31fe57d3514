import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { PublicationView } from './publication.view';

/** What a higher feature does once a publication is made and committed (exports: its public workbooks). */
export type PublicationMadeListener = (actor: Actor, publication: PublicationView) => Promise<void>;

/**
 * How publications tell the features above them that a version was published (DESIGN.md, Layout: publications
 * never call exports by name). Listeners run after the commit, so that they find the publication; a listener that
 * fails is logged and the publication stands: what it would have made is asked for again when first wanted.
 */
@Injectable()
export class PublicationMadeRegistry {
  private readonly logger = new Logger(PublicationMadeRegistry.name);
  private readonly listeners: PublicationMadeListener[] = [];

  register(listener: PublicationMadeListener): void {
    this.listeners.push(listener);
  }

  async made(actor: Actor, publication: PublicationView): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(actor, publication);
      } catch (error) {
        this.logger.warn(`after publication ${publication.id} (${publication.year} ${publication.level} v${publication.version}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
