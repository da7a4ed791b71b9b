/**
 * Values this project's docker-compose.yml, README and docs once shipped as defaults or examples: anyone can read
 * them, so a deployment holding one is open to the world.
 */
const PUBLISHED_SAMPLES = new Set([
  'change-me-admin-token',
  'nk_dev_bootstrap_key_change_me',
  'change-me-user-token-secret-of-32-chars-or-more',
  'bench-admin-token-0123',
]);

/** Placeholders nobody means as a real secret. */
const PLACEHOLDER = /change[-_. ]?me|replace[-_. ]?me|^(secret|password|changeit|token|example|xxx+)$/i;

export const SECRET_VARIABLES = ['ADMIN_TOKEN', 'BOOTSTRAP_API_KEY', 'USER_TOKEN_SECRET'] as const;

export function isSampleSecret(value: string): boolean {
  return PUBLISHED_SAMPLES.has(value) || PLACEHOLDER.test(value);
}

/** One message per secret variable that holds a published sample or a placeholder. */
export function sampleSecretErrors(env: Partial<Record<(typeof SECRET_VARIABLES)[number], string>>): string[] {
  return SECRET_VARIABLES.filter((name) => env[name] !== undefined && isSampleSecret(env[name]!)).map(
    (name) => `${name} holds a published sample or placeholder value; generate one, e.g. \`openssl rand -hex 32\` (see README "Secrets")`,
  );
}
