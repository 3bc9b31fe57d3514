import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { storedUploadsModule } from '../storage/stored-uploads.module';
import { storeEvidenceFile } from '../submissions/store-evidence-file';
import { SubmissionsModule } from '../submissions/submissions.module';
import { UsersModule } from '../users/users.module';
import { AssignmentsService } from './assignments.service';
import { ClarificationsService } from './clarifications.service';
import { CompletionService } from './completion.service';
import { ConflictsService } from './conflicts.service';
import { DecisionsService } from './decisions.service';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';
import { ReviewAccessGrant } from './review-access';
import { ReviewScope } from './review-scope';
import { ReviewSetupController } from './review-setup.controller';
import { ReviewUnitsController } from './review-units.controller';
import { ReviewersController } from './reviewers.controller';
import { StaleFinalsService } from './stale-finals.service';
import { ReviewUploadChecks } from './upload-checks';
import { ReviewWorkbookImportHandler } from './workbook/review-workbook-import.handler';
import { ReviewWorkbookController } from './workbook/review-workbook.controller';
import { ReviewWorkbookService } from './workbook/review-workbook.service';
import { ClarificationMessage } from './clarification-message.entity';
import { FinalValue } from './final-value.entity';
import { Objection } from './objection.entity';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewDecision } from './review-decision.entity';
import { ReviewSettings } from './review-settings.entity';
import { ReviewerConflict } from './reviewer-conflict.entity';

/**
 * Expert review (thẩm định): conflicts, assignments, per-indicator decisions, reconciliation into final values,
 * clarifications, objections, the review workbook, and the completion gate before scoring. Loaded by the API, the
 * worker (the review workbook import) and the demo: the gate, the stale finals and the read grant register wherever
 * cycles move.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ClarificationMessage, FinalValue, Objection, ReviewAssignment, ReviewDecision, ReviewSettings, ReviewerConflict]),
    CyclesModule,
    FrameworksModule,
    SubmissionsModule,
    UsersModule,
    storedUploadsModule(storeEvidenceFile),
  ],
  controllers: [ReviewersController, ReviewSetupController, ReviewUnitsController, ObjectionsController, ReviewWorkbookController],
  providers: [
    ReviewScope,
    ReviewAccessGrant,
    ConflictsService,
    AssignmentsService,
    DecisionsService,
    ClarificationsService,
    ObjectionsService,
    CompletionService,
    StaleFinalsService,
    ReviewWorkbookService,
    ReviewWorkbookImportHandler,
    ReviewUploadChecks,
  ],
  exports: [DecisionsService, AssignmentsService, ConflictsService, ObjectionsService, CompletionService, ReviewScope, ClarificationsService, ReviewWorkbookService],
})
export class ReviewsModule {}
