package dev.tokengate.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonBytes#string} against DRF 3.14.0's {@code JSONRenderer().render(s)} (Python 3.11.2's
 * {@code json.dumps(ensure_ascii=False)} then U+2028/U+2029 escaped), from which every expected value comes.
 */
class DrfJsonTest {

	private static String json(String value) {
		return new String(new JsonBytes(0).string(value).toByteArray(), StandardCharsets.UTF_8);
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
		JsonBytes out = new JsonBytes(0).ascii("{\"detail\":");
		assertThat(new String(out.string("x").append('}').toByteArray(), StandardCharsets.UTF_8))
			.isEqualTo("{\"detail\":\"x\"}");
	}

	@Test
	void aLoneSurrogateIsWrittenAsAQuestionMarkLikeJavasEncoder() {
		assertThat(json("a\ud83db")).isEqualTo("\"a?b\"");
		assertThat(json("\ude00")).isEqualTo("\"?\"");
		assertThat(json("\ud83d")).isEqualTo("\"?\"");
	}

	/** Text without escapes comes out as its plain UTF-8, at every length the buffer grows through. */
	@Test
	void unescapedTextIsItsUtf8() {
		Random random = new Random(20261129);
		int[] alphabet = { 'a', 'Z', '7', ' ', '~', 0x7f, 0xe9, 0x7ff, 0x800, 0x674e, 0xfffd, 0x1f600, 0x10ffff };
		for (int n = 0; n < 300; n++) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < n; i++) {
				text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
			}
			assertThat(new JsonBytes(1).string(text.toString()).toByteArray())
				.isEqualTo(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void aTimestampIsWrittenInQuotesAsDrfWritesIt() {
		JsonBytes out = new JsonBytes(0).timestamp(Instant.parse("2025-07-05T10:59:55.523645Z"))
			.append(',')
			.timestamp(Instant.parse("2025-01-01T00:00:00Z"));
		assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
			.isEqualTo("\"2025-07-05T10:59:55.523645Z\",\"2025-01-01T00:00:00Z\"");
	}

}
