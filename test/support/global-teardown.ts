import { dropDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_DATABASE_URL) await dropDatabase(process.env.E2E_DATABASE_URL);
}
