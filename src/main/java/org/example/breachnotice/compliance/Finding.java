package org.example.breachnotice.compliance;

import org.example.breachnotice.compliance.ContentRules.Level;

/**
 * One preflight finding: the rule, its level and citation, what is wrong, and where (template
 * file and line; line 0 when the problem is an absence).
 */
public record Finding(Level level, String ruleId, String cite, String scope, String message, String template, int line) {

	public boolean blocks() {
		return level != Level.PRACTICE;
	}

	public String where() {
		return template + (line > 0 ? ":" + line : "");
	}

}
