package dev.tokengate.rest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LegacyApiFilter#acceptsJson} against DRF 3.14.0's {@code DefaultContentNegotiation.select_renderer} with
 * only the JSONRenderer (Django 3.2.25, Python 3.11.2, Debian bookworm): accepted where it picked the renderer, refused
 * where it raised NotAcceptable (406).
 */
class LegacyApiFilterAcceptTest {

	@Test
	void noAcceptHeaderMeansAnything() {
		assertThat(LegacyApiFilter.acceptsJson(null)).isTrue();
	}

	@ParameterizedTest(name = "Accept: ''{0}'' is served JSON")
	@ValueSource(strings = { "*/*", "application/*", "*/json", "application/json", "APPLICATION/JSON",
			"application/JSON", "Application/Json; charset=utf-8", "application/json;indent=4", "application/json;",
			"application/json; q=0", "application/*;q=0", "*/*;q=0.1", "*/*;", "*/* ; q=1", " application/json ",
			"\tapplication/json", "application/json\t", "text/html, application/json", "application/json, text/html",
			"text/html;q=1, */*;q=0", "application/xml, */*", "image/png,*/*", ",application/json" })
	void acceptedWhenAnEntryMatchesApplicationJson(String accept) {
		assertThat(LegacyApiFilter.acceptsJson(accept)).isTrue();
	}

	@ParameterizedTest(name = "Accept: ''{0}'' is 406")
	@ValueSource(strings = { "text/html", "text/*", "*", "", ",", " , ", "text/html,,", "application", "application/",
			"/json", "json", "application/jsonx", "application/vnd.api+json", "application /json", "*/ *", "* / *",
			"application/json/x", "*/*/*" })
	void refusedWhenNoEntryMatches(String accept) {
		assertThat(LegacyApiFilter.acceptsJson(accept)).isFalse();
	}

}
