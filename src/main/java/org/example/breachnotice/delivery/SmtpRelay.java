package org.example.breachnotice.delivery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** The relay that live sends go through: Boot's mail sender, present once {@code spring.mail.host} is set. */
@Component
public class SmtpRelay {

	private final ObjectProvider<JavaMailSenderImpl> mailSender;

	SmtpRelay(ObjectProvider<JavaMailSenderImpl> mailSender) {
		this.mailSender = mailSender;
	}

	/**
	 * Checked before a live run starts, so that a missing setting is a usage error and not a
	 * failed send step.
	 * @throws IllegalArgumentException saying which settings to give
	 */
	public JavaMailSenderImpl require() {
		JavaMailSenderImpl sender = mailSender.getIfAvailable();
		if (sender == null) {
			throw new IllegalArgumentException("Transport smtp needs an SMTP server: give --spring.mail.host=... (and "
					+ "--spring.mail.port, username, password as needed), or use --transport=pickup");
		}
		return sender;
	}

}
