import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Citizen } from './Citizen.js';
import { DataExport } from './DataExport.js';
import { Intersection } from './Intersection.js';
import { Kiosk } from './Kiosk.js';
import { Mutation } from './Mutation.js';
import { passAndKioskMutations } from './passes-and-kiosks.js';
import { Query } from './Query.js';
import { Station } from './Station.js';
import { TapTransitPayload } from './TapTransitPayload.js';
import { TaxiRide } from './TaxiRide.js';
import { Trip } from './Trip.js';

export const resolvers: Resolvers = { Query, Mutation: { ...Mutation, ...passAndKioskMutations }, Citizen, Station, Kiosk, TapTransitPayload, TaxiRide, Trip, Intersection, DataExport };
