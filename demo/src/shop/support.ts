import { voix } from './voix.ts';

/** Resolving the ticket fires the moment `support-effort` (CES) through `ticket_resolved`. */
const button = document.querySelector<HTMLButtonElement>('#resolve-ticket');
const status = document.querySelector<HTMLElement>('#ticket-status');

button?.addEventListener('click', () => {
  button.disabled = true;
  button.textContent = 'Ticket resolved';
  if (status) {
    status.textContent = 'Resolved';
    status.classList.add('pill--ok');
  }
  voix('track', 'ticket_resolved', { ticket: 4821 });
});
