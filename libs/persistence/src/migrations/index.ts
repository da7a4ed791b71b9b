import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { UserTokenEpochs1765000000000 } from './1765000000000-user-token-epochs';

export const MIGRATIONS = [InitialSchema1764000000000, UserTokenEpochs1765000000000];
