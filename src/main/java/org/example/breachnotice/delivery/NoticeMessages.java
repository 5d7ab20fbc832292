package org.example.breachnotice.delivery;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.render.DisplayText;
import org.example.breachnotice.render.RenderedNotice;

/**
 * Builds the MIME message of a rendered notice: multipart/alternative with the plain text first
 * (RFC 2046), UTF-8, a Message-ID fixed by the notice's idempotency key, and every header value
 * stripped of control characters and encoded, so no data value can add or split a header.
 */
class NoticeMessages {

	/** Control characters and the Unicode line and paragraph separators. */
	private static final Pattern LINE_BREAKING = Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u0085]+");

	private final Campaign campaign;

	private final Session session;

	/** Null when the job sets no sender.dkim. */
	private final DkimSigning dkim;

	/** Parsed once: the same for every notice of the campaign. */
	private final InternetAddress from;

	private final InternetAddress[] replyTo;

	private final DateHeader dates;

	NoticeMessages(Campaign campaign, Session session, Clock clock) {
		this.campaign = campaign;
		this.session = session;
		this.dkim = DkimSigning.of(campaign);
		this.dates = new DateHeader(clock);
		try {
			this.from = new InternetAddress(campaign.from(), true);
			this.replyTo = new InternetAddress[] { new InternetAddress(campaign.replyTo(), true) };
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException("sender.from or sender.reply_to is not an address: " + ex.getMessage(), ex);
		}
	}

	MimeMessage build(Notice notice, RenderedNotice rendered) throws MessagingException, UnsupportedEncodingException {
		FixedIdMessage message = new FixedIdMessage(session, notice.messageId());
		message.setEnvelopeFrom(campaign.envelopeFrom(notice.idempotencyKey()));
		message.setFrom(from);
		message.setReplyTo(replyTo);
		message.setRecipient(Message.RecipientType.TO,
				new InternetAddress(notice.email(), displayName(notice.name()), "UTF-8"));
		message.setSubject(headerSafe(rendered.subject()), "UTF-8");
		message.setHeader("Date", dates.now());
		message.setHeader("Auto-Submitted", "auto-generated");

		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(part("plain", rendered.text()));
		alternative.addBodyPart(part("html", rendered.html()));
		message.setContent(alternative);
		message.saveChanges();
		return dkim == null ? message : dkim.sign(message);
	}

	/** A UTF-8 text part, quoted-printable encoded up front: written out as is, never scanned or encoded again. */
	private static MimeBodyPart part(String subtype, String body) throws MessagingException {
		InternetHeaders headers = new InternetHeaders();
		headers.setHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
		headers.setHeader("Content-Transfer-Encoding", "quoted-printable");
		return new MimeBodyPart(headers, QuotedPrintable.encode(body));
	}

	/** The name in the To header, as a notice may show it (see {@link DisplayText}), or none. */
	static String displayName(String name) {
		String shown = DisplayText.forDisplay(name == null ? null : headerSafe(name));
		return shown.isEmpty() ? null : shown;
	}

	static String headerSafe(String value) {
		return LINE_BREAKING.matcher(value).replaceAll(" ").strip();
	}

	/** Jakarta Mail would otherwise put a random Message-ID on every save; an SMTP message, for its envelope sender. */
	private static final class FixedIdMessage extends SMTPMessage {

		private final String messageId;

		FixedIdMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", messageId);
		}

	}

}
