export class HealthResponse {
  status: 'ok';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
}
