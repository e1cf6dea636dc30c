/** Email over SMTP with nodemailer. */
import nodemailer from 'nodemailer';

export interface EmailDriver {
  send(msg: { to: string; subject: string; text: string; html?: string; messageId?: string; attachments?: { filename: string; content: Buffer; contentType: string }[] }): Promise<{ messageId: string }>;
}

export function smtpDriver(url: string, from: string): EmailDriver {
  const transport = nodemailer.createTransport(url);
  return {
    async send(msg) {
      const info = await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html, messageId: msg.messageId, attachments: msg.attachments });
      return { messageId: info.messageId };
    },
  };
}
