import { voix } from './voix.ts';

/** The order is confirmed: the moment `post-checkout` (CSAT) listens for this event. */
voix('track', 'order_completed', { total: 58, currency: 'EUR' });
