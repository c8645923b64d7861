package dev.tokengate.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DrfJson#appendString} against DRF 3.14.0's {@code JSONRenderer().render(s)} (Python 3.11.2's
 * {@code json.dumps(ensure_ascii=False)} then U+2028/U+2029 escaped), from which every expected value comes.
 */
class DrfJsonTest {

	private static String json(String value) {
		return DrfJson.appendString(new StringBuilder(), value).toString();
	}

	@Test
	void controlCharactersAreLowercaseUnicodeEscapes() {
		assertThat(json("a\u0000b")).isEqualTo("\"a\\u0000b\"");
		assertThat(json("\u0001\u001f")).isEqualTo("\"\\u0001\\u001f\"");
		assertThat(json("\u000b")).isEqualTo("\"\\u000b\"");
		assertThat(json("\u001a\u001b")).isEqualTo("\"\\u001a\\u001b\"");
	}

	@Test
	void fiveControlCharactersHaveTheirShortForm() {
		assertThat(json("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
	}

	@Test
	void quoteAndBackslashAreEscapedButNotTheSlash() {
		assertThat(json("\"\\/")).isEqualTo("\"\\\"\\\\/\"");
	}

	@Test
	void lineAndParagraphSeparatorsAreEscaped() {
		assertThat(json("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
	}

	@Test
	void everythingElseIsWrittenRaw() {
		assertThat(json("\u00e9\u674e\ud83d\ude00")).isEqualTo("\"\u00e9\u674e\ud83d\ude00\"");
		assertThat(json("\u007f\u0085\u00a0\u200b")).isEqualTo("\"\u007f\u0085\u00a0\u200b\"");
		assertThat(json("<>&'")).isEqualTo("\"<>&'\"");
		assertThat(json("")).isEqualTo("\"\"");
	}

	@Test
	void itAppendsToWhatIsAlreadyWritten() {
		StringBuilder out = new StringBuilder("{\"detail\":");
		assertThat(DrfJson.appendString(out, "x").append('}').toString()).isEqualTo("{\"detail\":\"x\"}");
	}

}
