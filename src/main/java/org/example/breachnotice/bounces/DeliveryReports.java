package org.example.breachnotice.bounces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

import org.example.breachnotice.ledger.Hashes;

/**
 * Reads a message as a report about messages we sent: {@code multipart/report} with a
 * {@code message/delivery-status} part (RFC 3464, parsed by Angus Mail's DSN support) or a
 * {@code message/feedback-report} part (ARF, RFC 5965), and the original message or its headers
 * (message/rfc822, text/rfc822-headers) whose Message-ID names our notice. Anything else is not a
 * report. Report fields are data from a stranger: they are only ever compared and stored as text.
 */
final class DeliveryReports {

	/** {@code +<40 hex digits>@}: the idempotency key that Campaign.envelopeFrom puts in the return path. */
	private static final Pattern VERP = Pattern.compile("\\+([0-9a-f]{40})@");

	private static final Pattern ANGLE = Pattern.compile("<([^>]*)>");

	private DeliveryReports() {
	}

	/** One entry per recipient the report speaks of; empty when the message is no report. */
	static List<DeliveryReport> parse(MimeMessage message) throws MessagingException, IOException {
		ContentType type = new ContentType(message.getContentType());
		if (!type.match("multipart/report")) {
			return List.of();
		}
		MimeMultipart parts = new MimeMultipart(message.getDataHandler().getDataSource());
		if (parts.getCount() < 2) {
			return List.of();
		}
		String reportBase = reportId(message);
		String verpKey = verpKey(message);
		InternetHeaders returned = parts.getCount() > 2 ? returnedHeaders(parts.getBodyPart(2)) : null;
		String original = returned == null ? null : value(returned, "Message-ID");
		BodyPart status = parts.getBodyPart(1);
		List<DeliveryReport> reports = new ArrayList<>();
		if (status.isMimeType("message/delivery-status")) {
			DeliveryStatus dsn;
			try (InputStream in = status.getInputStream()) {
				dsn = new DeliveryStatus(in);
			}
			InternetHeaders perMessage = dsn.getMessageDSN();
			String mta = value(perMessage, "Reporting-MTA");
			if (original == null) {
				original = value(perMessage, "X-Original-Message-ID"); // Gmail states it here too
			}
			for (int i = 0; i < dsn.getRecipientDSNCount(); i++) {
				InternetHeaders recipient = dsn.getRecipientDSN(i);
				String action = lower(value(recipient, "Action"));
				String code = value(recipient, "Status");
				String address = address(value(recipient, "Original-Recipient"), value(recipient, "Final-Recipient"));
				reports.add(new DeliveryReport(reportBase + "#" + i, kind(action, code), address, original, verpKey, action, code,
						value(recipient, "Diagnostic-Code"), mta));
			}
		}
		else if (status.isMimeType("message/feedback-report")) {
			InternetHeaders feedback;
			try (InputStream in = status.getInputStream()) {
				feedback = new InternetHeaders(in);
			}
			String address = address(value(feedback, "Original-Rcpt-To"), returned == null ? null : value(returned, "To"));
			reports.add(new DeliveryReport(reportBase + "#0", DeliveryReport.Kind.COMPLAINT, address, original, verpKey,
					lower(value(feedback, "Feedback-Type")), null, value(feedback, "User-Agent"), value(feedback, "Reported-Domain")));
		}
		return reports;
	}

	private static DeliveryReport.Kind kind(String action, String code) {
		if ("failed".equals(action) && code != null && code.startsWith("5.")) {
			return DeliveryReport.Kind.BOUNCE;
		}
		if ("delayed".equals(action) || (code != null && code.startsWith("4."))) {
			return DeliveryReport.Kind.DELAY;
		}
		return DeliveryReport.Kind.OTHER;
	}

	/** The headers of the returned message (message/rfc822) or the returned headers (text/rfc822-headers). */
	private static InternetHeaders returnedHeaders(BodyPart part) throws MessagingException, IOException {
		if (!part.isMimeType("message/rfc822") && !part.isMimeType("text/rfc822-headers")) {
			return null;
		}
		try (InputStream in = part.getInputStream()) {
			return new InternetHeaders(in);
		}
	}

	/**
	 * The first address given, without its type ({@code rfc822;}) or angle brackets: the recipient
	 * as we sent to it ({@code Original-Recipient}) rather than after forwarding.
	 */
	private static String address(String... fields) {
		for (String field : fields) {
			if (field != null && !field.isBlank()) {
				String value = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
				Matcher angle = ANGLE.matcher(value);
				return (angle.find() ? angle.group(1) : value).strip();
			}
		}
		return null;
	}

	/** The notice key of the VERP address the report came back to, from the headers that name it. */
	private static String verpKey(MimeMessage message) throws MessagingException {
		for (String header : List.of("Delivered-To", "X-Original-To", "To")) {
			String[] values = message.getHeader(header);
			for (String value : values == null ? new String[0] : values) {
				Matcher key = VERP.matcher(value);
				if (key.find()) {
					return key.group(1);
				}
			}
		}
		return null;
	}

	/** The report's own Message-ID, or a digest of the whole report when it has none. */
	private static String reportId(MimeMessage message) throws MessagingException, IOException {
		String id = message.getMessageID();
		if (id != null && !id.isBlank() && id.length() <= 250) {
			return id.strip();
		}
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		message.writeTo(raw);
		return "sha256:" + Hashes.sha256(raw.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
	}

	private static String value(InternetHeaders headers, String name) {
		String value = headers.getHeader(name, " ");
		return value == null ? null : value.replaceAll("\\s+", " ").strip();
	}

	private static String lower(String value) {
		return value == null ? null : value.toLowerCase(Locale.ROOT);
	}

}
