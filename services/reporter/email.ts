import nodemailer from 'nodemailer';
import type { SmtpOptions } from './options';

export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; path: string; contentType: string }[];
}

/** Sends one message or throws; the caller decides about retries. */
export type EmailSender = (message: EmailMessage) => Promise<void>;

/** An SMTP sender via nodemailer; null when no SMTP server is configured. */
export function createSmtpSender(smtp: SmtpOptions): EmailSender | null {
  if (!smtp.url && !smtp.host) return null;
  const common = { connectionTimeout: smtp.timeoutMs, greetingTimeout: smtp.timeoutMs, socketTimeout: smtp.timeoutMs };
  const transport = smtp.url
    ? nodemailer.createTransport({ url: smtp.url, ...common })
    : nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        ignoreTLS: smtp.ignoreTls,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        ...common,
      });
  return async (message) => {
    await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, attachments: message.attachments });
  };
}
