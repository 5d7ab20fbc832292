package org.example.breachnotice.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.example.breachnotice.Masking;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.Outbox.Outcome;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;

/**
 * Sends a batch of notices exactly once: claim the batch (one committed transaction) -> render and
 * deliver each -> record every outcome with its ledger entry (one committed transaction). A notice
 * another attempt already claimed is skipped, which is what makes retries and restarts harmless.
 * No database connection is held while SMTP is in progress. Per-recipient failures are recorded,
 * never thrown; a systemic failure records what was done, releases what was not attempted, and
 * ends the partition.
 * <p>
 * The price of batching: a process killed mid-batch leaves the whole claimed batch SENDING, so at
 * most one batch per partition becomes UNKNOWN at the next start (the batch size is the chunk size).
 */
class BatchSender {

	private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

	private final Campaign campaign;

	private final Outbox outbox;

	private final NoticeRenderer renderer;

	private final NoticeMessages messages;

	private final Delivery delivery;

	private final SendGate gate;

	private final DeliveryMetrics metrics;

	/** @param gate says when to stop: what is not yet attempted then stays PENDING */
	BatchSender(Campaign campaign, Outbox outbox, NoticeRenderer renderer, NoticeMessages messages, Delivery delivery,
			SendGate gate, DeliveryMetrics metrics) {
		this.campaign = campaign;
		this.outbox = outbox;
		this.renderer = renderer;
		this.messages = messages;
		this.delivery = delivery;
		this.gate = gate;
		this.metrics = metrics;
	}

	/** @return how many notices got an outcome */
	int send(List<Notice> page) {
		List<Notice> wanted = new ArrayList<>();
		for (Notice notice : page) {
			if (!gate.admit()) {
				break;
			}
			wanted.add(notice.withMessageIdOn(campaign.officialDomain()));
		}
		List<Notice> claimed = outbox.claimAll(wanted);
		Outbox.PageDetails details = outbox.details(claimed);
		List<Outcome> outcomes = new ArrayList<>(claimed.size());
		for (int i = 0; i < claimed.size(); i++) {
			Notice notice = claimed.get(i);
			RenderedNotice rendered;
			MimeMessage message;
			try {
				String variant = renderer.variantFor(notice.type(), notice.locale(), details.jurisdictions(notice));
				rendered = renderer.render(notice.type(), notice.locale(), variant,
						NoticeModel.of(campaign, notice, details.organizationNames(notice)));
				message = messages.build(notice, rendered);
			}
			catch (Exception ex) {
				// The templates rendered at start; what fails here is this recipient's data.
				outcomes.add(new Outcome(notice, NoticeStatus.FAILED_PERMANENT, null, "not rendered: " + ex.getMessage(), Map.of()));
				continue;
			}
			long started = System.nanoTime();
			DeliveryResult result;
			try {
				result = delivery.send(message, rendered);
			}
			catch (SystemicDeliveryFailure failure) {
				outcomes.add(new Outcome(notice, failure.maybeDelivered ? NoticeStatus.UNKNOWN : NoticeStatus.PENDING, null,
						failure.getMessage(), evidence(rendered, 0)));
				releaseRest(claimed, i + 1, outcomes);
				outbox.finishAll(outcomes);
				throw failure;
			}
			catch (RuntimeException unexpected) {
				// Whatever it was, record what is known before the partition fails: this one may have gone out.
				outcomes.add(new Outcome(notice, NoticeStatus.UNKNOWN, null, String.valueOf(unexpected), evidence(rendered, 0)));
				releaseRest(claimed, i + 1, outcomes);
				outbox.finishAll(outcomes);
				throw unexpected;
			}
			outcomes.add(new Outcome(notice, result.status(), result.replyCode(), result.replyText(),
					evidence(rendered, result.attempts())));
			metrics.recorded(result.status(), System.nanoTime() - started);
			if (result.status() != NoticeStatus.SENT) {
				log.warn("Notice {} to {}: {} {}", notice.id(), Masking.email(notice.email()), result.status(),
						Masking.redactAddresses(result.replyText()));
			}
			if (gate.stopping()) {
				releaseRest(claimed, i + 1, outcomes);
				break;
			}
		}
		outbox.finishAll(outcomes);
		return outcomes.size();
	}

	/** Claimed but never handed to a server: back to PENDING. */
	private static void releaseRest(List<Notice> claimed, int from, List<Outcome> outcomes) {
		for (Notice notice : claimed.subList(from, claimed.size())) {
			outcomes.add(new Outcome(notice, NoticeStatus.PENDING, null, null, Map.of()));
		}
	}

	private static Map<String, Object> evidence(RenderedNotice rendered, int attempts) {
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("template", rendered.template());
		evidence.put("template_hash", rendered.templateHash());
		evidence.put("content_hash", rendered.contentHash());
		evidence.put("smtp_attempts", attempts);
		return evidence;
	}

}
