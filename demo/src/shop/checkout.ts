/**
 * "Place order": a short pause as a real payment would take, then the thank-you page (without
 * the empty query string a plain GET form submission would add). Without script, the form
 * still opens thanks.html.
 */
const form = document.querySelector<HTMLFormElement>('#checkout-form');
const button = document.querySelector<HTMLButtonElement>('#place-order');

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (button) {
    button.disabled = true;
    button.textContent = 'Placing order…';
  }
  setTimeout(() => location.assign(new URL('thanks.html', location.href).href), 400);
});
