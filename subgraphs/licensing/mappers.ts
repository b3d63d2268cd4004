import type { Reminder } from './domain/reminders.js';
import type { RiskReason } from './domain/risk.js';
import type { ApplicationRecord, BusinessRecord, LicenceRecord } from './store.js';

/** Citizen is the consent subgraph's entity; here it is only its key. */
export interface CitizenMapper {
  id: string;
}

/** The stored business; `citizenId` (the owner) lets the consent layer decide `Business.owner`. */
export type BusinessMapper = BusinessRecord;

export type LicenceMapper = LicenceRecord;

export type LicenceApplicationMapper = ApplicationRecord;

/** A citizen's data export is only its key; the licensing section is built from the citizen's records when asked for. */
export type DataExportMapper = { citizenId: string };

/** A reminder as the schedule shows it (domain/reminders.ts), with its licence's id. */
export type ReminderMapper = Reminder;

/** A reason of a risk grade (domain/risk.ts); its text is rendered in the language asked for. */
export type RiskReasonMapper = RiskReason;
