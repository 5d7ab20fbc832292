package org.example.breachnotice.render;

/** A notice ready to become a message; the hashes go into the ledger. */
public record RenderedNotice(String subject, String html, String text, String templateHash, String contentHash) {
}
