// What a handler gets: the request, the response, the parsed URL, the app's
// shared parts, and the access-log record it may add to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessInfo } from './access-log.ts';
import type { CheckService } from './check-service.ts';
import type { Logger } from './log.ts';
import type { MetricsStore } from './metrics-store.ts';
import type { ServeSettings } from './settings.ts';

export interface AppParts {
  settings: ServeSettings;
  service: CheckService;
  store: MetricsStore;
  version: string;
  log: Logger;
  /** True once shutdown began: checks cut off by it are not answered as results. */
  stopping: () => boolean;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: AccessInfo;
  app: AppParts;
}
