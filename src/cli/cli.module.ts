import { Module } from '@nestjs/common';
import { CoreModule } from '../core.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { PublicationsModule } from '../publications/publications.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';

/** What the command line needs: the services, without HTTP. */
@Module({
  imports: [CoreModule, UnitsModule, UsersModule, FrameworksModule, PublicationsModule],
})
export class CliModule {}
