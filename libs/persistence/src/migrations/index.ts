import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { SweepMarks1764100000000 } from './1764100000000-sweep-marks';
import { EventsNewestIndex1764250000000 } from './1764250000000-events-newest-index';
import { DeliveryFeatures1764300000000 } from './1764300000000-delivery-features';
import { DeliveryPacing1764400000000 } from './1764400000000-delivery-pacing';
import { UserTokenEpochs1765000000000 } from './1765000000000-user-token-epochs';
import { PartitionByDay1765100000000 } from './1765100000000-partition-by-day';

export const MIGRATIONS = [
  InitialSchema1764000000000, SweepMarks1764100000000, EventsNewestIndex1764250000000, DeliveryFeatures1764300000000,
  DeliveryPacing1764400000000, UserTokenEpochs1765000000000, PartitionByDay1765100000000,
];
