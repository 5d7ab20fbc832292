package org.example.breachnotice.compliance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.example.breachnotice.campaign.YamlObject;

/**
 * The content rules file ({@code rules/content-rules.yaml}): per jurisdiction, which slots a
 * person notice must or must not contain, at which level, citing which article; plus the
 * anti-phishing checks that apply to every notice.
 */
public record ContentRules(Path file, List<String> slots, Map<String, Jurisdiction> jurisdictions,
		Map<String, LintRule> antiPhishing) {

	public enum Level {

		/** Blocks the live send. */
		LAW,
		/** Blocks the live send unless the approval records an override with a reason. */
		GUIDANCE,
		/** A warning. */
		PRACTICE

	}

	/** {@code substituteNotice}: what the law asks when direct notice fails; null where the file says nothing. */
	public record Jurisdiction(String code, String name, Deadline deadline, List<Rule> rules, SubstituteNotice substituteNotice) {
	}

	/** What a jurisdiction asks when a subject cannot be notified directly, with its source. */
	public record SubstituteNotice(String text, String cite) {
	}

	/** Either business days (counted on a holiday calendar) or calendar days after the controller learned. */
	public record Deadline(int businessDays, int calendarDays, String calendar) {
	}

	/** {@code required} false means the slot must be absent; {@code onlyWhenLate} applies it only to late notices. */
	public record Rule(String id, String slot, boolean required, Level level, boolean onlyWhenLate, String cite) {
	}

	public record LintRule(String id, Level level, String cite, String text) {
	}

	public LintRule lint(String id) {
		LintRule rule = antiPhishing.get(id);
		if (rule == null) {
			throw new IllegalStateException(file + ": the anti_phishing list has no rule " + id);
		}
		return rule;
	}

	public static ContentRules load(Path file) {
		YamlObject top = YamlObject.read(file);
		List<String> slots = top.optionalTextList("slots");
		Map<String, Jurisdiction> jurisdictions = new LinkedHashMap<>();
		YamlObject all = top.requiredObject("jurisdictions");
		for (String code : List.copyOf(all.keys())) {
			YamlObject j = all.requiredObject(code);
			Deadline deadline = null;
			YamlObject d = j.optionalObject("deadline");
			if (d != null) {
				deadline = new Deadline(d.optionalInt("business_days", 0, 0), d.optionalInt("calendar_days", 0, 0),
						d.optionalText("calendar", ""));
				d.rejectUnknownKeys();
			}
			List<Rule> rules = new ArrayList<>();
			for (YamlObject r : j.requiredList("rules")) {
				String slot = r.requiredText("slot");
				if (!slots.contains(slot)) {
					throw r.error("slot", "is '" + slot + "', which is not in the slot vocabulary (slots:)");
				}
				String require = r.requiredText("require");
				if (!require.equals("present") && !require.equals("absent")) {
					throw r.error("require", "must be present or absent");
				}
				String when = r.optionalText("when", "");
				if (!when.isEmpty() && !when.equals("late")) {
					throw r.error("when", "can only be 'late'");
				}
				rules.add(new Rule(r.requiredText("id"), slot, require.equals("present"), level(r), !when.isEmpty(),
						r.requiredText("cite")));
				r.rejectUnknownKeys();
			}
			SubstituteNotice substitute = null;
			YamlObject s = j.optionalObject("substitute_notice");
			if (s != null) {
				substitute = new SubstituteNotice(s.requiredText("text"), s.requiredText("cite"));
				s.rejectUnknownKeys();
			}
			jurisdictions.put(code, new Jurisdiction(code, j.requiredText("name"), deadline, List.copyOf(rules), substitute));
			j.rejectUnknownKeys();
		}
		Map<String, LintRule> lint = new LinkedHashMap<>();
		for (YamlObject r : top.requiredList("anti_phishing")) {
			LintRule rule = new LintRule(r.requiredText("id"), level(r), r.requiredText("cite"), r.requiredText("text"));
			lint.put(rule.id(), rule);
			r.rejectUnknownKeys();
		}
		top.rejectUnknownKeys();
		return new ContentRules(file, slots, jurisdictions, lint);
	}

	private static Level level(YamlObject rule) {
		String level = rule.requiredText("level");
		try {
			return Level.valueOf(level.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw rule.error("level", "must be law, guidance or practice, not '" + level + "'");
		}
	}

}
