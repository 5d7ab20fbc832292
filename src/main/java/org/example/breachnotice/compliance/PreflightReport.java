package org.example.breachnotice.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.support.ReportTemplates;

/** The preflight's findings as an HTML page for reviewers, from {@code report/preflight.ftlh}. */
public final class PreflightReport {

	private PreflightReport() {
	}

	public static void writeHtml(Preflight.Result result, Campaign campaign, Path file) throws IOException {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("incident", campaign.incidentId());
		model.put("jobFile", campaign.jobFile().toString());
		model.put("templates", campaign.templates().toString());
		model.put("rules", campaign.compliance().rules().toString());
		model.put("jurisdictions", result.jurisdictions());
		model.put("blocking", result.blocking().size());
		model.put("findings", result.findings().stream().map(f -> Map.of("level", f.level().name(), "rule", f.ruleId(),
				"cite", Objects.toString(f.cite(), ""), "where", Objects.toString(f.where(), ""), "scope", Objects.toString(f.scope(), ""),
				"message", f.message())).toList());
		model.put("renderings", result.renderings().entrySet().stream()
			.map(rendering -> Map.of("name", rendering.getKey(), "subject", Objects.toString(rendering.getValue().subject(), "")))
			.toList());
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, ReportTemplates.render("preflight.ftlh", model));
	}

}
