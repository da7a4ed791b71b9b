import { NotificationView } from '@app/persistence';

export interface NotificationPageResponse {
  itemsInTotal: number;
  itemsPerPage: number;
  pageNumber: number;
  items: NotificationView[];
}

export interface FailuresResponse {
  failures: unknown[];
}
