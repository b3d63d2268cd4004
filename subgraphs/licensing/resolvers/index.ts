import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Business } from './Business.js';
import { Citizen } from './Citizen.js';
import { DataExport } from './DataExport.js';
import { Licence } from './Licence.js';
import { LicenceApplication } from './LicenceApplication.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Reminder, RiskReason } from './Reminder.js';

export const resolvers: Resolvers = { Query, Mutation, Citizen, Business, Licence, LicenceApplication, DataExport, Reminder, RiskReason };
