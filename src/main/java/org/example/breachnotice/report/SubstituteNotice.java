package org.example.breachnotice.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.compliance.ContentRules;
import org.example.breachnotice.compliance.Finding;
import org.example.breachnotice.compliance.Preflight;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;

/**
 * The public notice for the people direct notice could not reach: {@code substitute.<locale>.*}
 * rendered with the campaign's facts alone (no personal data), as an HTML page and a text, in every
 * locale; and who it is for: the undeliverable person notices per jurisdiction, with what each
 * jurisdiction's law asks (from the rules file).
 */
@Component
public class SubstituteNotice {

	private final OutboxQueries queries;

	public SubstituteNotice(OutboxQueries queries) {
		this.queries = queries;
	}

	/** One jurisdiction's undeliverable population and what its law asks (null where the rules file says nothing). */
	public record Population(String jurisdiction, long undeliverable, ContentRules.SubstituteNotice ask) {
	}

	/** @param blocking preflight's blocking findings on the substitute templates: when any, nothing was written */
	public record Written(List<Path> files, List<Population> populations, List<Finding> blocking) {
	}

	public Written write(Campaign campaign, Path folder) throws Exception {
		List<Finding> blocking = Preflight.run(campaign).blocking().stream()
			.filter(finding -> finding.scope().startsWith("substitute.")).toList();
		List<Path> files = new ArrayList<>();
		if (blocking.isEmpty()) {
			NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
			Files.createDirectories(folder);
			for (String locale : Campaign.LOCALES) {
				RenderedNotice rendered = renderer.renderSubstitute(locale, NoticeModel.facts(campaign, locale));
				Path html = folder.resolve(rendered.template() + ".html");
				Path text = folder.resolve(rendered.template() + ".txt");
				Files.writeString(html, rendered.html());
				Files.writeString(text, rendered.subject() + "\n\n" + rendered.text());
				files.add(html);
				files.add(text);
			}
		}
		Map<String, ContentRules.Jurisdiction> rules = ContentRules.load(campaign.compliance().rules()).jurisdictions();
		Map<String, Long> undeliverable = new LinkedHashMap<>(queries.undeliverableByJurisdiction(campaign.incidentId()));
		List<Population> populations = undeliverable.entrySet().stream().map(e -> new Population(e.getKey(), e.getValue(),
				rules.containsKey(e.getKey()) ? rules.get(e.getKey()).substituteNotice() : null)).toList();
		return new Written(List.copyOf(files), populations, blocking);
	}

}
