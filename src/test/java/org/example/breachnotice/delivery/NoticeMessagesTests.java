package org.example.breachnotice.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeType;
import org.example.breachnotice.render.RenderedNotice;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

class NoticeMessagesTests {

	private final Campaign campaign = CampaignLoader.load(TestJobs.SAMPLE_JOB);

	private final Session session = Session.getInstance(new Properties());

	@Test
	void aMailReaderFindsBothPartsAsRenderedAndTheHeadersWeSet() throws Exception {
		// Hostile text: lines that start with a dot or look like our boundary, "=" signs, non-ASCII, no final line break.
		String text = "Olá João,\n.\n--=_breach-notice_alternative\n=3D = 100%\nfim";
		String html = "<p>Olá</p>\r\n<p>--=_breach-notice_alternative--</p>\r\n";
		RenderedNotice rendered = new RenderedNotice("person.pt-BR", "Incidente de segurança: seus dados", html, text, "t", "c",
				List.of(), List.of());
		Notice notice = new Notice(7, campaign.incidentId(), NoticeType.PERSON, "ana@example.com", "", "ana@example.com",
				"Ana\r\nBcc: x@evil.example", null, 0, "pt-BR", 3, null, 0, 0, null)
			.withMessageIdOn(campaign.officialDomain());
		NoticeMessages messages = new NoticeMessages(campaign, session,
				Clock.fixed(Instant.parse("2026-12-06T23:05:09Z"), ZoneOffset.UTC));

		MimeMessage read = reread(messages.build(notice, rendered));

		assertThat(read.getSubject()).isEqualTo("Incidente de segurança: seus dados");
		assertThat(read.getMessageID()).isEqualTo(notice.messageId());
		assertThat(read.getHeader("MIME-Version", null)).isEqualTo("1.0");
		assertThat(read.getHeader("Date", null)).isEqualTo("Sun, 6 Dec 2026 23:05:09 +0000");
		assertThat(read.getAllRecipients()).hasSize(1);
		assertThat(read.getHeader("Bcc")).isNull();
		MimeMultipart alternative = (MimeMultipart) read.getContent();
		assertThat(alternative.getContentType()).startsWith("multipart/alternative");
		assertThat(alternative.getCount()).isEqualTo(2);
		assertThat(alternative.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
		assertThat(alternative.getBodyPart(0).getContent()).isEqualTo(text.replace("\n", "\r\n"));
		assertThat(alternative.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
		assertThat(alternative.getBodyPart(1).getContent()).isEqualTo(html);
	}

	/** The message as a relay receives it, parsed by Jakarta Mail. */
	private MimeMessage reread(MimeMessage message) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		message.writeTo(bytes);
		return new MimeMessage(session, new ByteArrayInputStream(bytes.toByteArray()));
	}

}
