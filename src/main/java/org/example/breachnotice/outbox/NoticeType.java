package org.example.breachnotice.outbox;

import java.util.Locale;

/** A person affected by the breach, or an administrator of an affected organization. */
public enum NoticeType {

	PERSON, ORGANIZATION;

	/** The template file prefix: {@code person}, {@code organization}. */
	public String templateName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
