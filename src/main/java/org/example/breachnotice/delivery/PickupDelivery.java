package org.example.breachnotice.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.render.RenderedNotice;

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
	public DeliveryResult send(MimeMessage message, RenderedNotice rendered, Runnable beforeEndOfData, Envelope next) {
		String id = messageIdLocalPart(message);
		write(message, folder.resolve(id + ".eml"), beforeEndOfData);
		return new DeliveryResult(NoticeStatus.SENT, null, "pickup: " + id + ".eml", 1, 0);
	}

	/**
	 * Writes the message as an .eml file that appears atomically (temp file, then rename).
	 * @param beforeRename run when only the rename remains
	 */
	static void write(MimeMessage message, Path file, Runnable beforeRename) {
		try {
			Files.createDirectories(file.getParent());
			Path temp = Files.createTempFile(file.getParent(), ".writing-", ".tmp");
			try (OutputStream out = Files.newOutputStream(temp)) {
				message.writeTo(out);
			}
			beforeRename.run();
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException | MessagingException ex) {
			throw new SystemicDeliveryFailure("Cannot write " + file + ": " + ex.getMessage()
					+ ". Check free space and permissions, then run the same command again.", 0, ex);
		}
	}

	private static String messageIdLocalPart(MimeMessage message) {
		try {
			String id = message.getMessageID().replaceAll("[<>]", "");
			return id.substring(0, id.indexOf('@'));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
	}

}
