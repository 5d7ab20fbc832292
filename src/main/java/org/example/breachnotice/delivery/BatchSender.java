package org.example.breachnotice.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox.Evidence;
import org.example.breachnotice.outbox.Outbox.Outcome;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;
import org.example.breachnotice.support.Masking;

/**
 * Sends a batch of notices exactly once: claim the batch (one committed transaction) -> render and
 * deliver each -> record every outcome with its ledger entry (one committed transaction). A notice
 * another attempt already claimed is skipped, which is what makes retries and restarts harmless.
 * No database connection is held while SMTP is in progress. Per-recipient failures are recorded,
 * never thrown; a systemic failure records what was done, releases what was not attempted, and
 * ends the partition.
 * <p>
 * A process killed mid-batch leaves the claimed batch SENDING in the database; the partition's
 * attempt journal tells recovery how far each notice got, so that only the one whose data had
 * ended without a reply becomes UNKNOWN.
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

	private final AttemptJournal journal;

	private final Clock clock;

	/** The campaign's facts per locale, made once: the part of every notice's model that never changes. */
	private final Map<String, Map<String, Object>> factsByLocale = new HashMap<>();

	/** No claim of ours is SENDING: every outcome was committed. */
	private boolean settled = true;

	/** @param gate says when to stop: what is not yet attempted then stays PENDING */
	BatchSender(Campaign campaign, Outbox outbox, NoticeRenderer renderer, NoticeMessages messages, Delivery delivery,
			SendGate gate, DeliveryMetrics metrics, AttemptJournal journal, Clock clock) {
		this.journal = journal;
		this.clock = clock;
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
		List<Notice> claimed = outbox.claimAll(wanted, journal.id());
		settled = claimed.isEmpty();
		Outbox.PageDetails details = outbox.details(claimed);
		List<Outcome> outcomes = new ArrayList<>(claimed.size());
		for (int i = 0; i < claimed.size(); i++) {
			Notice notice = claimed.get(i);
			RenderedNotice rendered;
			MimeMessage message;
			try {
				String variant = renderer.variantFor(notice.type(), notice.locale(), details.jurisdictions(notice));
				rendered = renderer.renderToSend(notice.type(), notice.locale(), variant,
						NoticeModel.of(facts(notice.locale()), notice, details.organizationNames(notice)));
				message = messages.build(notice, rendered);
			}
			catch (Exception ex) {
				// The templates rendered at start; what fails here is this recipient's data.
				record(new Outcome(notice, NoticeStatus.FAILED_PERMANENT, null, "not rendered: " + ex.getMessage(), Evidence.NONE),
						outcomes);
				continue;
			}
			long started = System.nanoTime();
			DeliveryResult result;
			journal.started(notice.id());
			try {
				result = delivery.send(message, rendered, () -> journal.endOfData(notice.id()),
						i + 1 < claimed.size() ? messages.envelope(claimed.get(i + 1)) : null);
			}
			catch (SystemicDeliveryFailure failure) {
				record(new Outcome(notice, failure.maybeDelivered() ? NoticeStatus.UNKNOWN : NoticeStatus.PENDING, null,
						failure.getMessage(), evidence(rendered, 0, failure.doubtfulAttempts)), outcomes);
				settle(claimed, i + 1, outcomes);
				throw failure;
			}
			catch (RuntimeException unexpected) {
				// Whatever it was, record what is known before the partition fails: this one may have gone out.
				record(new Outcome(notice, NoticeStatus.UNKNOWN, null, String.valueOf(unexpected), evidence(rendered, 0, 0)),
						outcomes);
				settle(claimed, i + 1, outcomes);
				throw unexpected;
			}
			Outcome outcome = outcome(notice, result, evidence(rendered, result.attempts(), result.doubtfulAttempts()));
			record(outcome, outcomes);
			metrics.recorded(outcome.status(), System.nanoTime() - started);
			if (outcome.status() == NoticeStatus.DEFERRED) {
				log.info("Notice {} to {}: deferred to {} ({})", notice.id(), Masking.email(notice.email()), outcome.nextAttemptAt(),
						Masking.redactAddresses(result.replyText()));
			}
			else if (outcome.status() != NoticeStatus.SENT) {
				log.warn("Notice {} to {}: {} {}", notice.id(), Masking.email(notice.email()), outcome.status(),
						Masking.redactAddresses(result.replyText()));
			}
			if (gate.abandonAdmitted()) {
				settle(claimed, i + 1, outcomes);
				return outcomes.size();
			}
		}
		settle(claimed, claimed.size(), outcomes);
		return outcomes.size();
	}

	/**
	 * A deferred attempt gets its next attempt from the retry schedule, or ends FAILED_TRANSIENT
	 * when the schedule is used up. A throttling reply counts no attempt: the global rate slowed
	 * down, and the notice is due again at once (within its retry window).
	 */
	private Outcome outcome(Notice notice, DeliveryResult result, Evidence evidence) {
		if (result.status() != NoticeStatus.DEFERRED) {
			return new Outcome(notice, result.status(), result.replyCode(), result.replyText(), evidence);
		}
		Campaign.RetrySchedule retries = campaign.delivery().retries();
		Instant now = clock.instant();
		Instant first = notice.firstAttemptAt() == null ? now : notice.firstAttemptAt();
		Instant next = result.attempts() == 0 ? (now.isAfter(first.plus(retries.retryFor())) ? null : now)
				: retries.next(notice.attempts() + result.attempts(), first, now);
		return next == null ? new Outcome(notice, NoticeStatus.FAILED_TRANSIENT, result.replyCode(), result.replyText(), evidence)
				: new Outcome(notice, NoticeStatus.DEFERRED, result.replyCode(), result.replyText(), evidence, next);
	}

	private Map<String, Object> facts(String locale) {
		return factsByLocale.computeIfAbsent(locale, key -> Collections.unmodifiableMap(NoticeModel.facts(campaign, key)));
	}

	/** Whether every claim of this sender has its outcome committed (its journal is then history). */
	boolean settled() {
		return settled;
	}

	/** The outcome, journaled first: if the process dies before the batch commits, recovery finds it there. */
	private void record(Outcome outcome, List<Outcome> outcomes) {
		journal.finished(outcome);
		outcomes.add(outcome);
	}

	/** Releases the claims from {@code from} on (never handed to a server) and commits every outcome. */
	private void settle(List<Notice> claimed, int from, List<Outcome> outcomes) {
		claimed.subList(from, claimed.size()).forEach(notice -> outcomes.add(Outcome.released(notice)));
		outbox.finishAll(outcomes);
		settled = true;
	}

	private static Evidence evidence(RenderedNotice rendered, int attempts, int doubtful) {
		return new Evidence(rendered.template(), rendered.templateHash(), rendered.contentHash(), attempts, doubtful);
	}

}
