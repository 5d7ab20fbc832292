package org.example.breachnotice.render;

/** One marked section of a rendered part: which slot, what it said, where in which template. */
public record SlotUse(String name, String content, String template, int line) {

	/** The visible text of the content: tags removed, whitespace collapsed. */
	public String visibleText() {
		return content.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
	}

}
