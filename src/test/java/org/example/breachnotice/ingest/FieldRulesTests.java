package org.example.breachnotice.ingest;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.example.breachnotice.ingest.FieldRules.EmailAddress;
import org.example.breachnotice.ingest.FieldRules.InvalidField;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldRulesTests {

	@Test
	void emailIsTrimmedAndItsKeyLowerCased() {
		EmailAddress email = FieldRules.email("email", "  Ana.Souza@Example.COM ");

		assertThat(email.address()).isEqualTo("Ana.Souza@example.com");
		assertThat(email.key()).isEqualTo("ana.souza@example.com");
	}

	@Test
	void internationalizedDomainsBecomePunycode() {
		assertThat(FieldRules.email("email", "jurgen@Bücher.example").key()).isEqualTo("jurgen@xn--bcher-kva.example");
	}

	@Test
	void malformedAddressesAreRejectedWithoutRepeatingThem() {
		assertThatThrownBy(() -> FieldRules.email("email", "ana at example.com")).isInstanceOf(InvalidField.class)
			.hasMessageNotContaining("ana");
		assertThatThrownBy(() -> FieldRules.email("email", "ana@localhost")).hasMessageContaining("domain");
		assertThatThrownBy(() -> FieldRules.email("email", "joão@example.com")).hasMessageContaining("non-ASCII");
		assertThatThrownBy(() -> FieldRules.email("email", "a..b@example.com")).hasMessageContaining("before @");
		assertThatThrownBy(() -> FieldRules.email("email", "")).hasMessage("empty");
	}

	@Test
	void countriesAreUpperCasedAndChecked() {
		assertThat(FieldRules.country("country", " br ")).isEqualTo("BR");
		assertThat(FieldRules.country("country", "")).isEmpty();
		assertThatThrownBy(() -> FieldRules.country("country", "ZZ")).hasMessageContaining("ISO 3166-1");
	}

	@Test
	void localeIsExplicitFirstThenCountryThenEnglish() {
		assertThat(FieldRules.explicitLocale("locale", "pt_BR")).isEqualTo("pt-BR");
		assertThat(FieldRules.explicitLocale("locale", "pt-PT")).isEqualTo("pt-BR");
		assertThat(FieldRules.explicitLocale("locale", "EN-us")).isEqualTo("en");
		assertThat(FieldRules.explicitLocale("locale", "es")).as("no templates: the country decides").isNull();
		assertThatThrownBy(() -> FieldRules.explicitLocale("locale", "12!")).hasMessageContaining("language tag");

		assertThat(FieldRules.localeFor("en", "BR")).isEqualTo("en");
		for (String country : new String[] { "BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL" }) {
			assertThat(FieldRules.localeFor(null, country)).isEqualTo("pt-BR");
		}
		assertThat(FieldRules.localeFor(null, "US")).isEqualTo("en");
		assertThat(FieldRules.localeFor(null, "")).isEqualTo("en");
	}

	@Test
	void textLosesControlsAndBidiOverridesButKeepsEverythingElse() {
		assertThat(FieldRules.text("name", "Eve\r\nBcc: x@example.net", 100)).isEqualTo("Eve  Bcc: x@example.net");
		assertThat(FieldRules.text("name", "\u202Egnp.exe", 100)).isEqualTo("gnp.exe");
		assertThat(FieldRules.text("name", "<b>${x}</b> 田中", 100)).isEqualTo("<b>${x}</b> 田中");
		assertThatThrownBy(() -> FieldRules.text("name", "x".repeat(101), 100)).hasMessage("longer than 100 characters");
	}

	/** The one-pass cleaning against the character classes it replaced, for every UTF-16 unit. */
	@Test
	void textCleansEveryCharacterAsTheRegularExpressionsDid() {
		Pattern controls = Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u0085]");
		Pattern bidi = Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069]");
		for (int c = 0; c <= Character.MAX_VALUE; c++) {
			String raw = "a" + (char) c + "b" + (char) c;
			String expected = bidi.matcher(controls.matcher(raw).replaceAll(" ")).replaceAll("").strip();
			assertThat(FieldRules.text("name", raw, 100)).as("U+%04X", c).isEqualTo(expected);
		}
	}

}
