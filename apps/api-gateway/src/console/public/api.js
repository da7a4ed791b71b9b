// The public REST API, with the operator's key. Every call goes to this same origin.

export class ApiError extends Error {
  constructor(status, body) {
    const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message ?? `HTTP ${status}`;
    super(message);
    this.status = status;
  }
}

export class Api {
  constructor(key) {
    this.key = key;
  }

  async request(method, path, body) {
    const headers = { authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  subscriptions(offset = 0, limit = 50) { return this.request('GET', `/v1/subscriptions?limit=${limit}&offset=${offset}`); }
  subscription(id) { return this.request('GET', `/v1/subscriptions/${id}`); }
  subscriptionDeliveries(id, limit = 50) { return this.request('GET', `/v1/subscriptions/${id}/deliveries?limit=${limit}`); }
  reEnable(id) { return this.request('PATCH', `/v1/subscriptions/${id}`, { isActive: true }); }
  rotateSecret(id) { return this.request('POST', `/v1/subscriptions/${id}/secret/rotate`, {}); }
  sendTest(id) { return this.request('POST', `/v1/subscriptions/${id}/test`, {}); }
  recover(id, since) { return this.request('POST', `/v1/subscriptions/${id}/recover`, { since }); }

  events(offset = 0, limit = 25, type = '') {
    const typeParam = type ? `&type=${encodeURIComponent(type)}` : '';
    return this.request('GET', `/v1/events?limit=${limit}&offset=${offset}${typeParam}`);
  }
  event(id) { return this.request('GET', `/v1/events/${id}`); }
  eventDeliveries(id) { return this.request('GET', `/v1/events/${id}/deliveries?limit=100`); }
  delivery(id) { return this.request('GET', `/v1/deliveries/${id}`); }
  retry(id) { return this.request('POST', `/v1/deliveries/${id}/retry`); }
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
