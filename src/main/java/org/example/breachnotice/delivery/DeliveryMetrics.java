package org.example.breachnotice.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import org.example.breachnotice.outbox.NoticeStatus;

/**
 * Micrometer metrics of the send step, exposed by {@code serve} at /actuator/prometheus next to
 * Spring Batch's own: notices by outcome ({@code breach_notice_notices_total{outcome}}), SMTP
 * latency ({@code breach_notice_smtp_seconds}) and the current send rate over the last 10 s
 * ({@code breach_notice_send_rate}).
 */
@Component
public class DeliveryMetrics {

	private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final MeterRegistry registry;

	private final Timer smtp;

	private final Deque<Long> recent = new ArrayDeque<>();

	public DeliveryMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.smtp = Timer.builder("breach.notice.smtp").description("Time to hand one message to the relay, retries included")
			.register(registry);
		Gauge.builder("breach.notice.send.rate", this, DeliveryMetrics::rate).description("Messages per second, last 10 s")
			.register(registry);
		for (NoticeStatus status : NoticeStatus.values()) {
			outcome(status);
		}
	}

	void recorded(NoticeStatus status, long sendNanos) {
		outcome(status).increment();
		smtp.record(sendNanos, TimeUnit.NANOSECONDS);
		synchronized (recent) {
			recent.addLast(System.nanoTime());
		}
	}

	private Counter outcome(NoticeStatus status) {
		return Counter.builder("breach.notice.notices").description("Notices by outcome").tag("outcome", status.name())
			.register(registry);
	}

	private double rate() {
		long now = System.nanoTime();
		synchronized (recent) {
			while (!recent.isEmpty() && recent.peekFirst() < now - WINDOW_NANOS) {
				recent.pollFirst();
			}
			return recent.size() / 10.0;
		}
	}

}
