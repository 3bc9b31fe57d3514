import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CoreModule } from '../core.module';
import { CyclesModule } from '../cycles/cycles.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { PublicationsModule } from '../publications/publications.module';
import { ScoringWorkerModule } from '../scoring/scoring-worker.module';
import { ScoringModule } from '../scoring/scoring.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';

/**
 * The benchmark's Nest context: the services that make the data and publish, the scoring producer, and the
 * scoring queue's real processor (ScoreRunProcessor, as the worker process runs it), in this one process. Auth only
 * for its JwtService (the HTTP clients' tokens).
 */
@Module({
  imports: [CoreModule, UnitsModule, UsersModule, AuthModule.forAccounts(UsersModule), FrameworksModule, CyclesModule, ScoringModule, ScoringWorkerModule, PublicationsModule],
})
export class BenchModule {}
