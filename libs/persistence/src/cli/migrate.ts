import { loadConfig } from '@app/config';
import { migrateDatabase } from '../database-setup';

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await migrateDatabase(config.databaseUrl);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
}

main().catch((error: Error) => {
  console.error(`migration failed: ${error.message}`);
  process.exit(1);
});
