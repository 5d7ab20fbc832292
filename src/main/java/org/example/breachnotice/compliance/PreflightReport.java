package org.example.breachnotice.compliance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.compliance.ContentRules.Level;
import org.example.breachnotice.support.Html;

/** The preflight's findings for a terminal and as an HTML page. */
public final class PreflightReport {

	private PreflightReport() {
	}

	public static void print(Preflight.Result result, PrintStream out) {
		out.printf("Preflight: %d template(s) rendered, jurisdictions %s: %d law, %d guidance, %d practice finding(s)%n",
				result.renderings().size(), result.jurisdictions(), result.count(Level.LAW), result.count(Level.GUIDANCE),
				result.count(Level.PRACTICE));
		for (Finding f : result.findings()) {
			out.printf("  %-8s %-18s %-28s %s: %s  [%s]%n", f.level(), f.ruleId(), f.where(), f.scope(), f.message(), f.cite());
		}
		if (result.blocking().isEmpty()) {
			out.println("No finding blocks a live send.");
		}
		else {
			out.println("Law findings block the live send; guidance findings need an override recorded by `approve`.");
		}
	}

	public static void writeHtml(Preflight.Result result, Campaign campaign, Path file) throws IOException {
		StringBuilder html = new StringBuilder(Html.page("Preflight - " + campaign.incidentId()));
		html.append("<h1>Preflight: ").append(Html.escape(campaign.incidentId())).append("</h1>");
		html.append("<p class=\"muted\">Job file ").append(Html.escape(campaign.jobFile())).append(", templates ")
			.append(Html.escape(campaign.templates())).append(", rules ").append(Html.escape(campaign.compliance().rules()))
			.append(". Jurisdictions checked: ").append(Html.escape(String.join(", ", result.jurisdictions()))).append(".</p>");
		html.append(result.blocking().isEmpty() ? "<p class=\"ok\">No finding blocks a live send.</p>"
				: "<p class=\"bad\">" + result.blocking().size() + " finding(s) block a live send.</p>");
		html.append("<table><tr><th>Level</th><th>Rule</th><th>Citation</th><th>Template:line</th><th>Where</th><th>Finding</th></tr>");
		for (Finding f : result.findings()) {
			html.append("<tr class=\"").append(f.level().name().toLowerCase()).append("\"><td>").append(f.level())
				.append("</td><td>").append(Html.escape(f.ruleId())).append("</td><td>").append(Html.escape(f.cite()))
				.append("</td><td><code>").append(Html.escape(f.where())).append("</code></td><td>")
				.append(Html.escape(f.scope())).append("</td><td>").append(Html.escape(f.message())).append("</td></tr>");
		}
		if (result.findings().isEmpty()) {
			html.append("<tr><td colspan=\"6\" class=\"ok\">No findings.</td></tr>");
		}
		html.append("</table><h2>Templates rendered</h2><ul>");
		result.renderings().forEach((name, rendered) -> html.append("<li><code>").append(Html.escape(name))
			.append("</code>: ").append(Html.escape(rendered.subject())).append("</li>"));
		html.append("</ul></body></html>\n");
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, html);
	}

}
