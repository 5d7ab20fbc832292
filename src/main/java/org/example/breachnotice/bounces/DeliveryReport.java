package org.example.breachnotice.bounces;

/**
 * What one report says about one message we sent: a delivery status notification (RFC 3464) for one
 * recipient, or an abuse report (ARF, RFC 5965). {@code reportId} identifies it among all reports
 * read (the report's own Message-ID and the recipient's place in it), so that reading a mailbox
 * twice records nothing twice. {@code recipient}: the address the report is about (Original- or
 * Final-Recipient, or the abuse report's Original-Rcpt-To or the returned To); {@code verpKey}: the
 * notice's key from the VERP address the report was sent back to ({@code bounces+<key>@...}), for
 * reports that quote nothing of the message.
 */
record DeliveryReport(String reportId, Kind kind, String recipient, String originalMessageId, String verpKey, String action,
		String statusCode, String diagnostic, String reportingMta) {

	enum Kind {

		/** Action failed, status 5.x.x: the notice did not reach its recipient. */
		BOUNCE,
		/** Action delayed, or a 4.x.x status: the receiving side is still trying. */
		DELAY,
		/** An abuse report (feedback-report) about the notice. */
		COMPLAINT,
		/** Delivered, relayed or expanded: nothing to reconcile. */
		OTHER

	}

}
