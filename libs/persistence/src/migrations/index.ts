import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { SweepMarks1764100000000 } from './1764100000000-sweep-marks';
import { DeliveryPacing1764400000000 } from './1764400000000-delivery-pacing';

export const MIGRATIONS = [InitialSchema1764000000000, SweepMarks1764100000000, DeliveryPacing1764400000000];
