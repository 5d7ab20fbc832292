package org.example.breachnotice.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashesTests {

	@Test
	void partsHashAsTheirNulJoinedText() {
		// A notice's content hash in the ledger was defined over the joined text; the parts must give the same value.
		String subject = "Incidente de segurança", html = "<p>Olá</p>\u0000", text = "Olá \uD83D\uDE00";
		assertThat(Hashes.sha256(subject, html, text)).isEqualTo(Hashes.sha256(subject + "\u0000" + html + "\u0000" + text));
		assertThat(Hashes.sha256("a", "")).isEqualTo(Hashes.sha256("a\u0000")).isNotEqualTo(Hashes.sha256("a"));
	}

}
