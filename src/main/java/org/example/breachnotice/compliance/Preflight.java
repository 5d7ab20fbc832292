package org.example.breachnotice.compliance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignException;
import org.example.breachnotice.compliance.ContentRules.Jurisdiction;
import org.example.breachnotice.compliance.ContentRules.Level;
import org.example.breachnotice.compliance.ContentRules.Rule;
import org.example.breachnotice.outbox.NoticeType;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;
import org.example.breachnotice.render.SlotUse;
import org.example.breachnotice.render.TemplateCheck;

/**
 * Renders every notice type x locale x jurisdiction variant with the campaign's facts and checks
 * it: the content rules of each jurisdiction the campaign covers (person notices, which are the
 * notices to data subjects), the anti-phishing lint (every notice), and that the language
 * versions state the same facts.
 */
public final class Preflight {

	/** {@code jurisdictions} are those checked; {@code rules} all that the rules file knows. */
	public record Result(List<Finding> findings, Map<String, RenderedNotice> renderings, List<String> jurisdictions,
			ContentRules rules) {

		public List<Finding> blocking() {
			return findings.stream().filter(Finding::blocks).toList();
		}

		public long count(Level level) {
			return findings.stream().filter(f -> f.level() == level).count();
		}

	}

	private Preflight() {
	}

	/**
	 * The jurisdictions the templates are checked for: {@code compliance.jurisdictions}, else every
	 * one the rules file defines.
	 * @throws CampaignException when the job file names one that the rules file does not define
	 */
	public static List<String> coveredJurisdictions(Campaign campaign, ContentRules rules) {
		List<String> covered = campaign.compliance().jurisdictions().isEmpty() ? List.copyOf(rules.jurisdictions().keySet())
				: campaign.compliance().jurisdictions();
		for (String code : covered) {
			if (!rules.jurisdictions().containsKey(code)) {
				throw new CampaignException(campaign.jobFile() + ": compliance.jurisdictions names " + code + ", which "
						+ rules.file() + " does not define (it has " + rules.jurisdictions().keySet() + ")");
			}
		}
		return covered;
	}

	/** Preflight of a campaign with its own rules file and templates. */
	public static Result run(Campaign campaign) {
		return run(campaign, ContentRules.load(campaign.compliance().rules()), new NoticeRenderer(campaign.templates()));
	}

	public static Result run(Campaign campaign, ContentRules rules, NoticeRenderer renderer) {
		List<String> covered = coveredJurisdictions(campaign, rules);
		TemplateLines lines = new TemplateLines(campaign.templates());
		AntiPhishingLint lint = new AntiPhishingLint(campaign, rules, lines);
		List<Finding> findings = new ArrayList<>();
		Map<String, RenderedNotice> renderings = new TreeMap<>();

		for (NoticeType type : NoticeType.values()) {
			for (String locale : Campaign.LOCALES) {
				List<String> variants = new ArrayList<>();
				variants.add(null);
				renderer.variants().stream().filter(v -> renderer.hasVariant(type, locale, v)).forEach(variants::add);
				for (String variant : variants) {
					renderAndLint(NoticeRenderer.baseName(type, locale, variant), locale, campaign, rules, lint, renderings, findings,
							() -> renderer.render(type, locale, variant, TemplateCheck.sampleModel(campaign, type, locale)));
				}
			}
		}
		for (String locale : Campaign.LOCALES) {
			findings.addAll(contentRules(campaign, rules, renderer, renderings, covered, locale));
			String substitute = NoticeRenderer.substituteName(locale);
			renderAndLint(substitute, locale, campaign, rules, lint, renderings, findings,
					() -> renderer.renderSubstitute(locale, NoticeModel.facts(campaign, locale)));
			if (renderings.containsKey(substitute)) {
				findings.addAll(substituteRules(campaign, rules, covered, renderings.get(substitute), substitute));
			}
		}
		return new Result(List.copyOf(findings), renderings, covered, rules);
	}

	private interface Rendering {

		RenderedNotice render() throws Exception;

	}

	/** Renders one template with the anti-phishing lint and the same-facts check; a template that fails is a finding. */
	private static void renderAndLint(String name, String locale, Campaign campaign, ContentRules rules, AntiPhishingLint lint,
			Map<String, RenderedNotice> renderings, List<Finding> findings, Rendering rendering) {
		try {
			RenderedNotice rendered = rendering.render();
			renderings.put(name, rendered);
			findings.addAll(lint.check(rendered, name));
			findings.addAll(sameFacts(campaign, rules, rendered, locale, name));
		}
		catch (Exception ex) {
			String problem = ex.getMessage().lines().findFirst().orElse("");
			if (ex instanceof freemarker.template.TemplateException template && template.getBlamedExpressionString() != null) {
				// FreeMarker names the expression on a later line: "${recipient.name}" tells the author what to fix.
				problem = problem + " " + template.getBlamedExpressionString();
			}
			findings.add(new Finding(Level.LAW, "TEMPLATE", "-", name, "does not render: " + problem, name + ".ftlh", 0));
		}
	}

	/**
	 * The public notice must carry what a direct notice must, for each covered jurisdiction whose
	 * rules provide for a substitute notice (the slots it requires; none it forbids: the public notice
	 * is not addressed to one jurisdiction's residents).
	 */
	private static List<Finding> substituteRules(Campaign campaign, ContentRules rules, List<String> covered,
			RenderedNotice rendered, String template) {
		List<Finding> findings = new ArrayList<>();
		for (String code : covered) {
			Jurisdiction j = rules.jurisdictions().get(code);
			if (j.substituteNotice() != null) {
				applicable(campaign, j).stream().filter(Rule::required).forEach(rule -> findings.addAll(check(rule, j, rendered, template)));
			}
		}
		return findings;
	}

	/** The rules of each covered jurisdiction, checked on the person template that serves it. */
	private static List<Finding> contentRules(Campaign campaign, ContentRules rules, NoticeRenderer renderer,
			Map<String, RenderedNotice> renderings, List<String> covered, String locale) {
		List<Finding> findings = new ArrayList<>();
		Map<String, List<Jurisdiction>> byTemplate = new LinkedHashMap<>();
		for (String code : covered) {
			String variant = renderer.hasVariant(NoticeType.PERSON, locale, code) ? code : null;
			byTemplate.computeIfAbsent(NoticeRenderer.baseName(NoticeType.PERSON, locale, variant), k -> new ArrayList<>())
				.add(rules.jurisdictions().get(code));
		}
		byTemplate.forEach((template, jurisdictions) -> {
			RenderedNotice rendered = renderings.get(template);
			if (rendered == null) {
				return; // it did not render: already a finding
			}
			List<String> conflicting = new ArrayList<>();
			for (Jurisdiction a : jurisdictions) {
				for (Jurisdiction b : jurisdictions) {
					for (Rule requires : applicable(campaign, a)) {
						for (Rule forbids : applicable(campaign, b)) {
							if (requires.required() && !forbids.required() && requires.slot().equals(forbids.slot())) {
								conflicting.add(a.code() + "/" + requires.slot());
								conflicting.add(b.code() + "/" + forbids.slot());
								findings.add(new Finding(Level.LAW, "CONFLICT", requires.cite() + " vs " + forbids.cite(),
										template + " for " + a.code() + " and " + b.code(),
										a.code() + " requires slot " + requires.slot() + " (" + requires.id() + ") and " + b.code()
												+ " forbids it (" + forbids.id() + "): one template cannot serve both; add "
												+ NoticeRenderer.baseName(NoticeType.PERSON, locale, b.code()) + ".* (and "
												+ ".subject.ftl, .ftlh, .txt.ftl) for " + b.code(),
										template + ".ftlh", 0));
							}
						}
					}
				}
			}
			for (Jurisdiction j : jurisdictions) {
				for (Rule rule : applicable(campaign, j)) {
					if (!conflicting.contains(j.code() + "/" + rule.slot())) {
						findings.addAll(check(rule, j, rendered, template));
					}
				}
			}
		});
		return findings;
	}

	private static List<Rule> applicable(Campaign campaign, Jurisdiction jurisdiction) {
		LocalDate due = Deadlines.due(jurisdiction.deadline(), campaign.controllerLearned());
		boolean late = due != null && campaign.noticeDate().isAfter(due);
		return jurisdiction.rules().stream().filter(rule -> !rule.onlyWhenLate() || late).toList();
	}

	private static List<Finding> check(Rule rule, Jurisdiction j, RenderedNotice rendered, String template) {
		List<Finding> findings = new ArrayList<>();
		String scope = template + " for " + j.code();
		for (Part part : Part.of(rendered, template)) {
			List<SlotUse> uses = part.slots.stream().filter(s -> s.name().equals(rule.slot())).toList();
			if (rule.required() && uses.isEmpty()) {
				findings.add(new Finding(rule.level(), rule.id(), rule.cite(), scope,
						"slot " + rule.slot() + " is missing from the " + part.name + " part", part.file, 0));
			}
			else if (rule.required() && uses.stream().allMatch(use -> use.visibleText().isEmpty())) {
				findings.add(new Finding(rule.level(), rule.id(), rule.cite(), scope,
						"slot " + rule.slot() + " is empty in the " + part.name + " part", part.file, uses.get(0).line()));
			}
			else if (!rule.required() && !uses.isEmpty()) {
				findings.add(new Finding(rule.level(), rule.id(), rule.cite(), scope, "slot " + rule.slot()
						+ " must not appear for " + j.code() + " (" + part.name + " part)", part.file, uses.get(0).line()));
			}
		}
		return findings;
	}

	/** Each locale states the campaign's dates and data categories, in both parts. */
	private static List<Finding> sameFacts(Campaign campaign, ContentRules rules, RenderedNotice rendered, String locale,
			String scope) {
		List<String> facts = new ArrayList<>(List.of(NoticeModel.date(campaign.unauthorizedAccess(), locale),
				NoticeModel.date(campaign.controllerLearned(), locale), NoticeModel.date(campaign.noticeDate(), locale)));
		campaign.dataInvolved().forEach(item -> facts.add(item.in(locale)));
		List<Finding> findings = new ArrayList<>();
		for (Part part : Part.of(rendered, scope)) {
			String visible = AntiPhishingLint.visibleText(part.content);
			for (String fact : facts) {
				if (!visible.contains(fact.replaceAll("\\s+", " "))) {
					ContentRules.LintRule rule = rules.lint("AP-SAME-FACTS");
					findings.add(new Finding(rule.level(), rule.id(), rule.cite(), scope, "the " + part.name + " part does not state '"
							+ fact + "', which every language version must", part.file, 0));
				}
			}
		}
		return findings;
	}

	private record Part(String name, String file, String content, List<SlotUse> slots) {

		static List<Part> of(RenderedNotice rendered, String template) {
			return List.of(new Part("HTML", template + ".ftlh", rendered.html(), rendered.htmlSlots()),
					new Part("text", template + ".txt.ftl", rendered.text(), rendered.textSlots()));
		}

	}

}
