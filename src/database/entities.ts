import { AuditEntry } from '../audit/audit-entry.entity';
import { CycleUnit } from '../cycles/cycle-unit.entity';
import { Cycle } from '../cycles/cycle.entity';
import { ExportJob } from '../exports/export-job.entity';
import { FrameworkVersion } from '../frameworks/framework-version.entity';
import { PublicationCheck } from '../publications/publication-check.entity';
import { PublicationResult } from '../publications/publication-result.entity';
import { Publication } from '../publications/publication.entity';
import { ClarificationMessage } from '../reviews/clarification-message.entity';
import { FinalValue } from '../reviews/final-value.entity';
import { Objection } from '../reviews/objection.entity';
import { ReviewAssignment } from '../reviews/review-assignment.entity';
import { ReviewDecision } from '../reviews/review-decision.entity';
import { ReviewSettings } from '../reviews/review-settings.entity';
import { ReviewerConflict } from '../reviews/reviewer-conflict.entity';
import { ScoreResult } from '../scoring/score-result.entity';
import { ScoreRun } from '../scoring/score-run.entity';
import { Answer } from '../submissions/answer.entity';
import { Evidence } from '../submissions/evidence.entity';
import { ImportJob } from '../submissions/import-job.entity';
import { Submission } from '../submissions/submission.entity';
import { SystemValue } from '../submissions/system-value.entity';
import { UnitLineage } from '../units/unit-lineage.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';

/** Every entity, listed once, for the app and the migration CLI alike. */
export const ENTITIES = [
  Answer,
  AuditEntry,
  ClarificationMessage,
  Cycle,
  CycleUnit,
  Evidence,
  ExportJob,
  FinalValue,
  FrameworkVersion,
  ImportJob,
  Objection,
  Publication,
  PublicationCheck,
  PublicationResult,
  ReviewAssignment,
  ReviewDecision,
  ReviewerConflict,
  ReviewSettings,
  ScoreResult,
  ScoreRun,
  Submission,
  SystemValue,
  Unit,
  UnitLineage,
  User,
];
