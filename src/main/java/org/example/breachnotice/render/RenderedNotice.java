package org.example.breachnotice.render;

import java.util.List;

/**
 * A notice ready to become a message; the hashes go into the ledger. {@code htmlSlots} and
 * {@code textSlots} are the marked sections of each part, in order, for preflight (empty when
 * rendered to send).
 */
public record RenderedNotice(String template, String subject, String html, String text, String templateHash,
		String contentHash, List<SlotUse> htmlSlots, List<SlotUse> textSlots) {
}
