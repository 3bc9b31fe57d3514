import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FrameworksController } from './frameworks.controller';
import { FrameworkParser } from './framework-parser';
import { FrameworksService } from './frameworks.service';
import { FrameworkVersion } from './framework-version.entity';

@Module({
  imports: [TypeOrmModule.forFeature([FrameworkVersion])],
  controllers: [FrameworksController],
  providers: [FrameworksService, FrameworkParser],
  exports: [FrameworksService],
})
export class FrameworksModule {}
