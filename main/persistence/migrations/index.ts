import { Initial1764300000001 } from './0001-initial';
import { Sync1764300000002 } from './0002-sync';
import { Digitization1764300000003 } from './0003-digitization';
import { DocumentText1764300000004 } from './0004-document-text';
import { Reuse1764300000005 } from './0005-reuse';
import { ResultPapers1764300000006 } from './0006-result-papers';
import { NumberSpaces1764300000007 } from './0007-number-spaces';
import { SectorCodes1764300000008 } from './0008-sector-codes';
import { OfficialSchedules1764300000010 } from './0010-official-schedules';
import { LookupCode1764300000011 } from './0011-lookup-code';
import { DocumentState1764300000012 } from './0012-document-state';
import { DossierCorrection1764300000013 } from './0013-dossier-correction';
import { DossierFee1764300000015 } from './0015-dossier-fee';
import { Workflow1764300000019 } from './0019-workflow';
import { ProcedureWorkflow1764300000020 } from './0020-procedure-workflow';
import { WorkflowBackfill1764300000021 } from './0021-workflow-backfill';
import { OfficeDocuments1764300000022 } from './0022-office-documents';
import { ApplicantNotices1764300000025 } from './0025-applicant-notices';
import { Indicators1764300000026 } from './0026-indicators';
import { ProcedureParties1764300000027 } from './0027-procedure-parties';
import { DossierParty1764300000028 } from './0028-dossier-party';
import { FeesReceipts1764300000030 } from './0030-fees-receipts';
import { CivilStatus1764300000035 } from './0035-civil-status';
import { Certificates1764300000040 } from './0040-certificates';

/** Every migration in order; the data source runs the pending ones at start-up. */
export const MIGRATIONS = [Initial1764300000001, Sync1764300000002, Digitization1764300000003, DocumentText1764300000004, Reuse1764300000005,
  ResultPapers1764300000006, NumberSpaces1764300000007, SectorCodes1764300000008, OfficialSchedules1764300000010, LookupCode1764300000011, DocumentState1764300000012,
  DossierCorrection1764300000013, DossierFee1764300000015,
  Workflow1764300000019, ProcedureWorkflow1764300000020, WorkflowBackfill1764300000021,
  OfficeDocuments1764300000022,
  ApplicantNotices1764300000025, Indicators1764300000026,
  ProcedureParties1764300000027, DossierParty1764300000028,
  FeesReceipts1764300000030,
  CivilStatus1764300000035,
  Certificates1764300000040];
