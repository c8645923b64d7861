package dev.tokengate.rest;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Characters a client may leave unencoded in the query string, as the legacy service accepted them, are read as their
 * encoded forms are: not refused by Tomcat with an HTML 400.
 */
class RawQueryCharactersTest extends IntegrationTest {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "\"", "<", ">", "[", "\\", "]", "^", "`", "{", "|", "}" })
	void anUnencodedCharacterIsReadLikeItsEncodedForm(String character) {
		String encoded = String.format("%%%02X", (int) character.charAt(0));
		RawHttp.Response raw = http().get(API + "?limit=1&search=" + character + "a", ADMIN);
		RawHttp.Response escaped = http().get(API + "?limit=1&search=" + encoded + "a", ADMIN);
		assertThat(raw.status()).isEqualTo(200);
		assertThat(raw.header("Content-Type")).isEqualTo("application/json");
		assertThat(JsonPath.<Integer>read(raw.text(), "$.count"))
			.isEqualTo(JsonPath.<Integer>read(escaped.text(), "$.count"));
	}

}
