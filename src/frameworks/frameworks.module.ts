import { Module } from '@nestjs/common';
import { FrameworksController } from './frameworks.controller';
import { FrameworkParser } from './framework-parser';
import { FrameworksService } from './frameworks.service';

@Module({
  controllers: [FrameworksController],
  providers: [FrameworksService, FrameworkParser],
  exports: [FrameworksService],
})
export class FrameworksModule {}
