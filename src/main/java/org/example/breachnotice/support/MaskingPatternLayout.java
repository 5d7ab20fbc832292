package org.example.breachnotice.support;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log layout of the console and the log file: every e-mail address in a line is masked,
 * whoever logged it. An SMTP reply or an exception message that echoes a recipient (a 530, a
 * driver error quoting a row) reaches neither the console nor the log whole.
 */
public class MaskingPatternLayout extends PatternLayout {

	@Override
	public String doLayout(ILoggingEvent event) {
		return Masking.maskAddresses(super.doLayout(event));
	}

}
