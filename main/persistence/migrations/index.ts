import { Initial1764300000001 } from './0001-initial';

/** Every migration in order; the data source runs the pending ones at start-up. */
export const MIGRATIONS = [Initial1764300000001];
