package org.example.breachnotice.render;

import java.util.ArrayList;
import java.util.List;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeType;

/**
 * Renders every notice type in every locale once, with the campaign's facts and a deliberately
 * hostile sample recipient, before the first message goes out. Any error stops the job.
 */
public final class TemplateCheck {

	/**
	 * Markup, template syntax, a line break and a bidi override: none may survive as such. (A name
	 * with an address or a link is not shown at all, so this one has neither.)
	 */
	static final String HOSTILE_NAME = "Ana <script>alert(1)</script> ${campaign} <#assign x=1>\r\nBcc: spy \u202Eevil";

	private TemplateCheck() {
	}

	/** The model of a sample recipient with a hostile name, for checks that render without data. */
	public static java.util.Map<String, Object> sampleModel(Campaign campaign, NoticeType type, String locale) {
		Notice sample = new Notice(0, campaign.incidentId(), type, "sample@example.com", "org-sample", "sample@example.com",
				HOSTILE_NAME, "Sample <b>Org</b>", 3, locale, 0, "<sample@example.com>", 0, 0, null);
		return NoticeModel.of(campaign, sample, List.of("Sample <b>Org</b>"));
	}

	public static void renderAll(NoticeRenderer renderer, Campaign campaign) {
		List<String> problems = new ArrayList<>();
		for (NoticeType type : NoticeType.values()) {
			for (String locale : Campaign.LOCALES) {
				try {
					renderer.render(type, locale, sampleModel(campaign, type, locale));
				}
				catch (Exception ex) {
					problems.add(type.templateName() + "." + locale + ": " + ex.getMessage().lines().limit(6).toList());
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Templates in " + campaign.templates() + " failed to render, nothing was sent:\n  "
					+ String.join("\n  ", problems) + "\nFix the template (or add the missing file) and run the same command again.");
		}
	}

}
