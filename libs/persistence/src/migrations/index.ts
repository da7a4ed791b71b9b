import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { SweepMarks1764100000000 } from './1764100000000-sweep-marks';
import { DeliveryFeatures1764300000000 } from './1764300000000-delivery-features';

export const MIGRATIONS = [InitialSchema1764000000000, SweepMarks1764100000000, DeliveryFeatures1764300000000];
