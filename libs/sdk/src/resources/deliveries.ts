import { HttpTransport } from '../http';
import { Delivery, DeliveryWithAttempts } from '../types';

export class DeliveriesResource {
  constructor(private readonly http: HttpTransport) {}

  /** The delivery with every HTTP attempt made for it. */
  async get(id: string): Promise<DeliveryWithAttempts> {
    return (await this.http.request<DeliveryWithAttempts>('GET', `/v1/deliveries/${encodeURIComponent(id)}`)).body;
  }

  /** A new attempt runs now, whatever the status. */
  async retry(id: string): Promise<Delivery> {
    return (await this.http.request<Delivery>('POST', `/v1/deliveries/${encodeURIComponent(id)}/retry`)).body;
  }
}
