package org.example.breachnotice.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeType;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoticeRendererTests {

	@TempDir
	Path templates;

	final Campaign campaign = CampaignLoader.load(TestJobs.SAMPLE_JOB);

	@Test
	void theShippedTemplatesRenderInEveryLocaleWithLocalizedDates() throws Exception {
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		NoticeRenderer renderer = new NoticeRenderer(templates);
		TemplateCheck.renderAll(renderer, campaign);

		RenderedNotice pt = renderer.render(NoticeType.PERSON, "pt-BR", model("pt-BR"));
		RenderedNotice en = renderer.render(NoticeType.PERSON, "en", model("en"));

		assertThat(pt.text()).contains("25 de novembro de 2025", "9 de novembro de 2025", "27 de novembro de 2025");
		assertThat(en.text()).contains("November 25, 2025", "November 9, 2025", "November 27, 2025");
		assertThat(pt.html()).contains("Ana &lt;b&gt;").doesNotContain("Ana <b>");
		assertThat(pt.templateHash()).hasSize(64).isNotEqualTo(en.templateHash());
		assertThat(pt.contentHash()).isNotEqualTo(renderer.render(NoticeType.PERSON, "pt-BR", model("pt-BR", "Bia")).contentHash());
	}

	/** Rendered to send: the same text and hashes, whatever the data, and no slots recorded. */
	@Test
	void aNoticeRenderedToSendIsTheNoticePreflightRenders() throws Exception {
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		NoticeRenderer renderer = new NoticeRenderer(templates);
		for (String locale : List.of("en", "pt-BR")) {
			for (String name : List.of("Ana", "<@slot name=\"x\">${1}</@slot> {{x}} =SUM(A1)\r\nBcc: a@b.c", "")) {
				RenderedNotice checked = renderer.render(NoticeType.PERSON, locale, null, model(locale, name));
				RenderedNotice sent = renderer.renderToSend(NoticeType.PERSON, locale, null, model(locale, name));
				RenderedNotice again = renderer.renderToSend(NoticeType.PERSON, locale, null, model(locale, name));

				assertThat(sent).isEqualTo(again);
				assertThat(List.of(sent.subject(), sent.html(), sent.text(), sent.templateHash(), sent.contentHash()))
					.isEqualTo(List.of(checked.subject(), checked.html(), checked.text(), checked.templateHash(),
							checked.contentHash()));
				assertThat(checked.htmlSlots()).isNotEmpty();
				assertThat(sent.htmlSlots()).isEmpty();
				assertThat(sent.textSlots()).isEmpty();
			}
		}
	}

	@Test
	void objectConstructionIsForbidden() throws Exception {
		assertCheckFails("${\"freemarker.template.utility.Execute\"?new()(\"id\")}", "person.en");
	}

	@Test
	void theApiBuiltInIsForbidden() throws Exception {
		assertCheckFails("${recipient.name?api.getClass()}", "person.en");
	}

	@Test
	void aMissingVariableIsAnError() throws Exception {
		assertCheckFails("Dear ${recipient.nickname}", "person.en");
	}

	@Test
	void aMissingTemplateFileIsAnError() throws Exception {
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		Files.delete(templates.resolve("organization.pt-BR.subject.ftl"));

		assertThatThrownBy(() -> TemplateCheck.renderAll(new NoticeRenderer(templates), campaign))
			.hasMessageContaining("organization.pt-BR").hasMessageContaining("nothing was sent");
	}

	private void assertCheckFails(String text, String which) throws Exception {
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		Files.writeString(templates.resolve("person.en.txt.ftl"), text);

		assertThatThrownBy(() -> TemplateCheck.renderAll(new NoticeRenderer(templates), campaign))
			.isInstanceOf(IllegalStateException.class).hasMessageContaining(which).hasMessageContaining("nothing was sent");
	}

	private Notice notice(String locale, String name) {
		return new Notice(1, campaign.incidentId(), NoticeType.PERSON, "ana@example.com", "", "ana@example.com", name,
				null, 0, locale, 0, "<x@example.com>", 0, 0, null);
	}

	private java.util.Map<String, Object> model(String locale) {
		return model(locale, "Ana <b>");
	}

	private java.util.Map<String, Object> model(String locale, String name) {
		return NoticeModel.of(campaign, notice(locale, name), List.of("Alpha Ltda."));
	}

}
