export class CreatedTenantResponse {
  id: string;
  name: string;
  /** Shown once; stored hashed. Only [A-Za-z0-9_]. */
  apiKey: string;
  apiKeyId: string;
}

export class CreatedApiKeyResponse {
  id: string;
  /** Shown once; stored hashed. */
  apiKey: string;
}
