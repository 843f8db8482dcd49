import nodemailer from 'nodemailer';
import type { SendEmail } from '../invitations/email.ts';

/**
 * Email through the owner's SMTP server (Node only; nodemailer stays out of `app.ts`'s imports so
 * the app also runs on Workers). `SMTP_URL` like `smtp://user:pass@host:587` (`smtps://` for
 * implicit TLS on 465; STARTTLS is used when the server offers it), `SMTP_FROM` like
 * `"Demo Shop <feedback@shop.example>"`. Timeouts are short so a stuck server fails the attempt,
 * which the dispatcher retries with backoff.
 */
export function smtpSender(url: string, from: string): SendEmail {
  const transport = nodemailer.createTransport(url, {
    from,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as never);
  return async function sendEmail(message) {
    await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers });
  };
}
