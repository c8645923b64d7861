package dev.tokengate.rest;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link DrfQueryString} against Django 3.2.25's {@code QueryDict(query_string)} on Python 3.11.2 (Debian bookworm),
 * which is {@code urllib.parse.parse_qsl(keep_blank_values=True, encoding='utf-8', errors='replace')}; every expected
 * value was computed there.
 */
class DrfQueryStringTest {

	private static final String REPLACEMENT = "\ufffd";

	@Test
	void theLastOfRepeatedValuesWins() {
		assertThat(DrfQueryString.parse("id_min=1&id_min=5").get("id_min")).isEqualTo("5");
		assertThat(DrfQueryString.parse("id_min=5&id_min=1").get("id_min")).isEqualTo("1");
	}

	@Test
	void anAbsentParameterIsNull() {
		assertThat(DrfQueryString.parse("limit=2").get("search")).isNull();
		assertThat(DrfQueryString.parse(null).get("search")).isNull();
		assertThat(DrfQueryString.parse("").grouped()).isEmpty();
	}

	@Test
	void plusIsASpaceInNamesAndValuesButAnEncodedPlusIsAPlus() {
		assertThat(DrfQueryString.parse("search=a+b").get("search")).isEqualTo("a b");
		assertThat(DrfQueryString.parse("search=a%2Bb").get("search")).isEqualTo("a+b");
		assertThat(DrfQueryString.parse("a+b=c+d").get("a b")).isEqualTo("c d");
		assertThat(DrfQueryString.parse("a%20b=1").get("a b")).isEqualTo("1");
	}

	@Test
	void percentEscapesAreDecodedAsUtf8InEitherCase() {
		assertThat(DrfQueryString.parse("search=%e6%9d%8e").get("search")).isEqualTo("\u674e");
		assertThat(DrfQueryString.parse("search=%41%42%4a%4A").get("search")).isEqualTo("ABJJ");
		assertThat(DrfQueryString.parse("search=%F0%9F%98%80").get("search")).isEqualTo("\ud83d\ude00");
		assertThat(DrfQueryString.parse("search=%e2%80%a8").get("search")).isEqualTo("\u2028");
	}

	@Test
	void anEncodedNulIsKept() {
		assertThat(DrfQueryString.parse("search=a%00lex").get("search")).isEqualTo("a\u0000lex");
	}

	@Test
	void anInvalidPercentEscapeIsKeptLiterally() {
		assertThat(DrfQueryString.parse("search=%zz").get("search")).isEqualTo("%zz");
		assertThat(DrfQueryString.parse("search=%").get("search")).isEqualTo("%");
		assertThat(DrfQueryString.parse("search=%2").get("search")).isEqualTo("%2");
		assertThat(DrfQueryString.parse("search=a%2").get("search")).isEqualTo("a%2");
		assertThat(DrfQueryString.parse("search=%1").get("search")).isEqualTo("%1");
		assertThat(DrfQueryString.parse("search=%g1").get("search")).isEqualTo("%g1");
		assertThat(DrfQueryString.parse("search=abc%").get("search")).isEqualTo("abc%");
		assertThat(DrfQueryString.parse("search=%%41").get("search")).isEqualTo("%A");
	}

	@Test
	void nonAsciiCharactersPassThroughBetweenEscapes() {
		assertThat(DrfQueryString.parse("search=\u674e%e6%9d%8e").get("search")).isEqualTo("\u674e\u674e");
		assertThat(DrfQueryString.parse("search=\u00e9%").get("search")).isEqualTo("\u00e9%");
	}

	@Test
	void invalidUtf8BecomesOneReplacementCharacterPerMaximalInvalidSubsequence() {
		assertThat(DrfQueryString.parse("search=%ff").get("search")).isEqualTo(REPLACEMENT);
		assertThat(DrfQueryString.parse("search=%E6%9D").get("search")).as("truncated").isEqualTo(REPLACEMENT);
		assertThat(DrfQueryString.parse("search=%E6%9DA").get("search")).isEqualTo(REPLACEMENT + "A");
		assertThat(DrfQueryString.parse("search=%F0%9F%98").get("search")).isEqualTo(REPLACEMENT);
		assertThat(DrfQueryString.parse("search=%C0%AF").get("search")).as("overlong")
			.isEqualTo(REPLACEMENT.repeat(2));
		assertThat(DrfQueryString.parse("search=%F4%90%80%80").get("search")).as("beyond U+10FFFF")
			.isEqualTo(REPLACEMENT.repeat(4));
	}

	@Test
	void anEncodedSurrogateIsThreeInvalidBytes() {
		// Python's decoder: ED may only be followed by 80..9F, so ED A0 80 is three maximal invalid subsequences.
		assertThat(DrfQueryString.parse("search=%ED%A0%80").get("search")).isEqualTo(REPLACEMENT.repeat(3));
		assertThat(DrfQueryString.parse("search=%ED%A0").get("search")).isEqualTo(REPLACEMENT.repeat(2));
		assertThat(DrfQueryString.parse("search=%ED%9F%BF").get("search")).isEqualTo("\ud7ff");
	}

	@Test
	void emptyPairsAreSkippedAndOnlyAmpersandSeparates() {
		DrfQueryString params = DrfQueryString.parse("a=1&&b=2&");
		assertThat(params.grouped()).containsExactly(entry("a", List.of("1")), entry("b", List.of("2")));
		assertThat(DrfQueryString.parse("&").grouped()).isEmpty();
		assertThat(DrfQueryString.parse("limit=1;offset=2").grouped())
			.containsExactly(entry("limit", List.of("1;offset=2")));
	}

	@Test
	void aNameWithoutEqualsHasAnEmptyValue() {
		assertThat(DrfQueryString.parse("flag").get("flag")).isEqualTo("");
		assertThat(DrfQueryString.parse("flag&x=1").grouped())
			.containsExactly(entry("flag", List.of("")), entry("x", List.of("1")));
	}

	@Test
	void onlyTheFirstEqualsSeparatesAndTheNameMayBeEmpty() {
		assertThat(DrfQueryString.parse("a=b=c").get("a")).isEqualTo("b=c");
		assertThat(DrfQueryString.parse("=x").get("")).isEqualTo("x");
	}

	@Test
	void groupedKeepsEveryValueByNameInOrderOfFirstAppearance() {
		Map<String, List<String>> grouped = DrfQueryString.parse("b=1&a=2&b=3").grouped();
		assertThat(grouped).containsExactly(entry("b", List.of("1", "3")), entry("a", List.of("2")));
	}

}
