package org.example.breachnotice.delivery;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
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

	/**
	 * "=_" never occurs in quoted-printable text ("=" is always followed by hex digits or a line
	 * break), so no part can contain the boundary.
	 */
	private static final String BOUNDARY = "=_breach-notice_alternative";

	private static final byte[] DELIMITER = ascii("--" + BOUNDARY + "\r\n");

	private static final byte[] CRLF_DELIMITER = ascii("\r\n--" + BOUNDARY + "\r\n");

	private static final byte[] CLOSE = ascii("--" + BOUNDARY + "--\r\n");

	private static final byte[] PLAIN_HEADERS = ascii(
			"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");

	private static final byte[] HTML_HEADERS = ascii(
			"Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");

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
		NoticeMessage message = new NoticeMessage(session, notice.messageId(), alternative(rendered));
		Envelope envelope = envelope(notice);
		message.setEnvelopeFrom(envelope.from());
		message.setFrom(from);
		message.setReplyTo(replyTo);
		message.setRecipient(Message.RecipientType.TO,
				new InternetAddress(envelope.recipients().get(0), displayName(notice.name()), "UTF-8"));
		message.setSubject(headerSafe(rendered.subject()), "UTF-8");
		message.setHeader("Date", dates.now());
		message.setHeader("Auto-Submitted", "auto-generated");
		message.saveChanges();
		return dkim == null ? message : dkim.sign(message);
	}

	/**
	 * The notice's envelope: its return path (else the From address) and its address. Known before
	 * its message is built, so that a connection can open its transaction early.
	 */
	Envelope envelope(Notice notice) {
		String returnPath = campaign.envelopeFrom(notice.idempotencyKey());
		return new Envelope(returnPath == null ? from.getAddress() : returnPath, List.of(notice.email()));
	}

	/**
	 * The body: multipart/alternative (RFC 2046 5.1.4) of the plain text, then the HTML, each UTF-8
	 * and quoted-printable. Assembled as bytes: Jakarta Mail's MimeMultipart and MimeBodyPart look
	 * their stream provider up by class name on every construction and write each part through its
	 * activation framework, a fifth of the CPU of building and writing a notice in the profile.
	 */
	private static byte[] alternative(RenderedNotice rendered) {
		ByteArrayOutputStream body = new ByteArrayOutputStream(2 * (rendered.text().length() + rendered.html().length()));
		body.writeBytes(DELIMITER);
		body.writeBytes(PLAIN_HEADERS);
		body.writeBytes(QuotedPrintable.encode(rendered.text()));
		body.writeBytes(CRLF_DELIMITER);
		body.writeBytes(HTML_HEADERS);
		body.writeBytes(QuotedPrintable.encode(rendered.html()));
		body.writeBytes(CRLF_DELIMITER);
		body.writeBytes(CLOSE);
		return body.toByteArray();
	}

	/** The name in the To header, as a notice may show it (see {@link DisplayText}), or none. */
	static String displayName(String name) {
		String shown = DisplayText.forDisplay(name == null ? null : headerSafe(name));
		return shown.isEmpty() ? null : shown;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	static String headerSafe(String value) {
		return LINE_BREAKING.matcher(value).replaceAll(" ").strip();
	}

	/**
	 * A message whose body is given as bytes, with a Message-ID fixed by the notice (Jakarta Mail
	 * would put a random one on every save); an SMTP message, for its envelope sender.
	 */
	private static final class NoticeMessage extends SMTPMessage {

		private final String messageId;

		NoticeMessage(Session session, String messageId, byte[] body) throws MessagingException {
			super(session);
			this.messageId = messageId;
			this.content = body;
			setHeader("Content-Type", "multipart/alternative; boundary=\"" + BOUNDARY + "\"");
			// Quoted-printable parts are 7bit; with an encoding named, the body is written as is.
			setHeader("Content-Transfer-Encoding", "7bit");
		}

		/** Only what a save adds to our headers: the body is final, and Jakarta Mail would parse it back to check it. */
		@Override
		protected void updateHeaders() throws MessagingException {
			setHeader("MIME-Version", "1.0");
			setHeader("Message-ID", messageId);
		}

	}

}
