package org.example.breachnotice.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTextTests {

	@Test
	void namesThatAreNamesAreShown() {
		for (String name : new String[] { "Ana Souza", "Beta, Inc.", "Alpha Ltda.", "Jürgen Müller", "田中 太郎 محمد", "O'Brien & Co.",
				"S.A. Holdings", "Dr. Pin Ho", "<b>Org</b>" }) {
			assertThat(DisplayText.whyWithheld(name)).as(name).isEmpty();
			assertThat(DisplayText.forDisplay(name)).isEqualTo(name);
		}
	}

	@Test
	void linksAddressesAndCredentialRequestsAreNotShown() {
		assertThat(DisplayText.whyWithheld("URGENT reset at https://evil.example/reset")).contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("go to www.evil.test")).contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("evil-login.com")).contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("Booking.com")).contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("ｅｖｉｌ．ｃｏｍ")).as("fullwidth").contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("evil。com")).as("ideographic full stop").contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("javascript:alert(1)")).contains("holds a link or a domain name");
		assertThat(DisplayText.whyWithheld("Ana (ana@example.com)")).contains("holds an e-mail address");
		assertThat(DisplayText.whyWithheld("Please confirm your password")).contains("asks for a password, key or code");
		assertThat(DisplayText.whyWithheld("Envie seu código de verificação")).contains("asks for a password, key or code");
		assertThat(DisplayText.whyWithheld("RESET YOUR PASSWORD")).contains("asks for a password, key or code");
		assertThat(DisplayText.whyWithheld("ｒｅｓｅｔ your ＰＩＮ")).as("fullwidth").contains("asks for a password, key or code");
		assertThat(DisplayText.whyWithheld("Pay now: mailto:x")).contains("holds a link or a domain name");
		assertThat(DisplayText.forDisplay("Ana (ana@example.com)")).isEmpty();
	}

	@Test
	void longValuesAreCutOnACodePointWithAnEllipsis() {
		assertThat(DisplayText.forDisplay("L".repeat(80))).isEqualTo("L".repeat(80));
		assertThat(DisplayText.forDisplay("L".repeat(10_000))).isEqualTo("L".repeat(79) + "\u2026");
		String emoji = "\uD83D\uDE00".repeat(100);
		String cut = DisplayText.forDisplay(emoji);
		assertThat(cut.codePointCount(0, cut.length())).isEqualTo(80);
		assertThat(cut).endsWith("\uD83D\uDE00\u2026");
	}

}
