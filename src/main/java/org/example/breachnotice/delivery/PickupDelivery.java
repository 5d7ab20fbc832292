package org.example.breachnotice.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.example.breachnotice.outbox.NoticeStatus;

/**
 * Writes each message as an RFC 5322 .eml file: the default transport, so that trying the job
 * never e-mails anybody. The file appears atomically (temp file, then rename), named after the
 * Message-ID's idempotency key.
 */
class PickupDelivery implements Delivery {

	private final Path folder;

	PickupDelivery(Path folder) {
		this.folder = folder;
	}

	@Override
	public DeliveryResult send(MimeMessage message) {
		try {
			Files.createDirectories(folder);
			String id = message.getMessageID().replaceAll("[<>]", "");
			String name = id.substring(0, id.indexOf('@')) + ".eml";
			Path temp = Files.createTempFile(folder, ".writing-", ".tmp");
			try (OutputStream out = Files.newOutputStream(temp)) {
				message.writeTo(out);
			}
			Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return new DeliveryResult(NoticeStatus.SENT, null, "pickup: " + name, 1);
		}
		catch (IOException | MessagingException ex) {
			throw new SystemicDeliveryFailure("Cannot write to the pickup folder " + folder + ": " + ex.getMessage()
					+ ". Check free space and permissions, then run the same command again.", false, ex);
		}
	}

	@Override
	public void close() {
	}

}
