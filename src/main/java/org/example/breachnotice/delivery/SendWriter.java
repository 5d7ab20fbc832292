package org.example.breachnotice.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import org.example.breachnotice.Masking;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;

/**
 * Sends each notice of the chunk exactly once: claim (committed) -> render -> deliver -> record
 * the outcome with its ledger entry (committed). A notice that another attempt already claimed is
 * skipped, which is what makes chunk retries, scans and restarts harmless. Per-recipient failures
 * are recorded, never thrown; only a systemic failure ends the step.
 */
class SendWriter implements ItemStreamWriter<Notice> {

	private static final Logger log = LoggerFactory.getLogger(SendWriter.class);

	private final Campaign campaign;

	private final Outbox outbox;

	private final NoticeRenderer renderer;

	private final NoticeMessages messages;

	private final Delivery delivery;

	private final BooleanSupplier stop;

	private final DeliveryMetrics metrics;

	/** @param stop true once a graceful stop was asked for: the rest of the chunk stays PENDING */
	SendWriter(Campaign campaign, Outbox outbox, NoticeRenderer renderer, NoticeMessages messages, Delivery delivery,
			BooleanSupplier stop, DeliveryMetrics metrics) {
		this.stop = stop;
		this.metrics = metrics;
		this.campaign = campaign;
		this.outbox = outbox;
		this.renderer = renderer;
		this.messages = messages;
		this.delivery = delivery;
	}

	@Override
	public void write(Chunk<? extends Notice> chunk) {
		for (Notice pending : chunk) {
			if (stop.getAsBoolean()) {
				return;
			}
			Notice notice = pending.withMessageIdOn(campaign.officialDomain());
			if (!outbox.claim(notice)) {
				continue;
			}
			RenderedNotice rendered;
			MimeMessage message;
			try {
				String variant = renderer.variantFor(notice.type(), notice.locale(), outbox.jurisdictions(notice));
				rendered = renderer.render(notice.type(), notice.locale(), variant,
						NoticeModel.of(campaign, notice, outbox.organizationNames(notice)));
				message = messages.build(notice, rendered);
			}
			catch (Exception ex) {
				// The templates rendered at start; what fails here is this recipient's data.
				outbox.finish(notice, NoticeStatus.FAILED_PERMANENT, null, "not rendered: " + ex.getMessage(), Map.of());
				continue;
			}
			DeliveryResult result;
			long started = System.nanoTime();
			try {
				result = delivery.send(message, rendered);
			}
			catch (SystemicDeliveryFailure failure) {
				if (failure.maybeDelivered) {
					outbox.finish(notice, NoticeStatus.UNKNOWN, null, failure.getMessage(), evidence(rendered, 0));
				}
				else {
					outbox.release(notice);
				}
				throw failure;
			}
			outbox.finish(notice, result.status(), result.replyCode(), result.replyText(),
					evidence(rendered, result.attempts()));
			metrics.recorded(result.status(), System.nanoTime() - started);
			if (result.status() != NoticeStatus.SENT) {
				log.warn("Notice {} to {}: {} {}", notice.id(), Masking.email(notice.email()), result.status(),
						Masking.redactAddresses(result.replyText()));
			}
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

	@Override
	public void open(ExecutionContext executionContext) {
	}

	@Override
	public void close() {
		delivery.close();
	}

}
