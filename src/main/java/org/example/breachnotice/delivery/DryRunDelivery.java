package org.example.breachnotice.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;

import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.render.RenderedNotice;

/**
 * Sends nothing. For each template variant it keeps the first message as a sample .eml and its
 * HTML part as a preview page for reviewers; every notice is otherwise only counted (it ends
 * SENT in the dry run's own, throw-away database).
 */
class DryRunDelivery implements Delivery {

	private final Path samples;

	private final Path previews;

	private final Set<String> seen = new HashSet<>();

	DryRunDelivery(Path samples, Path previews) {
		this.samples = samples;
		this.previews = previews;
	}

	@Override
	public DeliveryResult send(MimeMessage message, RenderedNotice rendered, Runnable beforeEndOfData, Envelope next) {
		beforeEndOfData.run();
		if (seen.add(rendered.template())) {
			PickupDelivery.write(message, samples.resolve(rendered.template() + ".eml"), () -> {
			});
			try {
				Files.createDirectories(previews);
				Files.writeString(previews.resolve(rendered.template() + ".html"), rendered.html());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write the preview of " + rendered.template(), ex);
			}
		}
		return new DeliveryResult(NoticeStatus.SENT, null, "dry run: not sent", 0, 0);
	}

	@Override
	public void close() {
	}

}
