package dev.tokengate.rest;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DrfPageLinks} against DRF 3.14.0's {@code LimitOffsetPagination.get_next_link()}/{@code get_previous_link()}
 * (Django 3.2.25, Python 3.11.2, Debian bookworm), run on a request to {@code http://127.0.0.1:8001} with the same
 * query string, count, limit and offset; every expected link was computed there.
 */
class DrfPageLinksTest {

	private static final String BASE = "http://127.0.0.1:8001/api/users/auth_tokens";

	private static final BigInteger COUNT = BigInteger.valueOf(5000);

	private static String next(String query, long count, long limit, long offset) {
		return new DrfPageLinks(BASE, DrfQueryString.parse(query)).next(BigInteger.valueOf(count),
				BigInteger.valueOf(limit), BigInteger.valueOf(offset));
	}

	private static String previous(String query, long limit, long offset) {
		return new DrfPageLinks(BASE, DrfQueryString.parse(query)).previous(BigInteger.valueOf(limit),
				BigInteger.valueOf(offset));
	}

	@Test
	void theFirstPageHasANextLinkAndNoPrevious() {
		assertThat(next("limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2");
		assertThat(previous("limit=2", 2, 0)).isNull();
	}

	@Test
	void aMiddlePageLinksBothWays() {
		assertThat(next("limit=2&offset=3", 5000, 2, 3)).isEqualTo(BASE + "?limit=2&offset=5");
		assertThat(previous("limit=2&offset=3", 2, 3)).isEqualTo(BASE + "?limit=2&offset=1");
	}

	@Test
	void previousDropsTheOffsetWhenItWouldBeZeroOrLess() {
		assertThat(previous("limit=2&offset=2", 2, 2)).isEqualTo(BASE + "?limit=2");
		assertThat(previous("limit=2&offset=1", 2, 1)).isEqualTo(BASE + "?limit=2");
		assertThat(next("limit=2&offset=1", 5000, 2, 1)).isEqualTo(BASE + "?limit=2&offset=3");
	}

	@Test
	void nextIsNullAtTheEnd() {
		assertThat(next("limit=2&offset=4998", 5000, 2, 4998)).isNull();
		assertThat(previous("limit=2&offset=4998", 2, 4998)).isEqualTo(BASE + "?limit=2&offset=4996");
		assertThat(next("limit=2&offset=4999", 5000, 2, 4999)).isNull();
		assertThat(previous("limit=2&offset=4999", 2, 4999)).isEqualTo(BASE + "?limit=2&offset=4997");
		assertThat(next("limit=3&id_min=10&id_max=12", 3, 3, 0)).isNull();
	}

	@Test
	void beyondTheEndPreviousStillStepsBackOneLimit() {
		assertThat(next("limit=2&offset=6000", 5000, 2, 6000)).isNull();
		assertThat(previous("limit=2&offset=6000", 2, 6000)).isEqualTo(BASE + "?limit=2&offset=5998");
		assertThat(previous("limit=2&offset=2", 2, 2)).isEqualTo(BASE + "?limit=2");
		BigInteger huge = new BigInteger("99999999999999999999");
		DrfPageLinks links = new DrfPageLinks(BASE, DrfQueryString.parse("limit=2&offset=99999999999999999999"));
		assertThat(links.next(COUNT, BigInteger.TWO, huge)).isNull();
		assertThat(links.previous(BigInteger.TWO, huge)).isEqualTo(BASE + "?limit=2&offset=99999999999999999997");
	}

	@Test
	void parametersAreSortedByCodePointAndUnknownOnesCarriedAlong() {
		String query = "zeta=1&limit=2&foo=bar&Alpha=x&_u=1&offset=4";
		assertThat(next(query, 5000, 2, 4)).isEqualTo(BASE + "?Alpha=x&_u=1&foo=bar&limit=2&offset=6&zeta=1");
		assertThat(previous(query, 2, 4)).isEqualTo(BASE + "?Alpha=x&_u=1&foo=bar&limit=2&offset=2&zeta=1");
		assertThat(next("%C3%A9=1&z=2&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&z=2&%C3%A9=1");
	}

	@Test
	void namesOutsideTheBasicPlaneSortAfterTheRestOfIt() {
		// U+FF41 < U+1F600 by code point, although the UTF-16 surrogates of U+1F600 sort before U+FF41.
		assertThat(next("%F0%9F%98%80=2&%EF%BD%81=1&limit=2", 5000, 2, 0))
			.isEqualTo(BASE + "?limit=2&offset=2&%EF%BD%81=1&%F0%9F%98%80=2");
	}

	@Test
	void repeatedParametersKeepEveryValueInOrder() {
		assertThat(next("id_min=1&id_min=5&limit=2", 5000, 2, 0))
			.isEqualTo(BASE + "?id_min=1&id_min=5&limit=2&offset=2");
	}

	@Test
	void limitAndOffsetAreWrittenAsTheNumbersTheyWereReadAs() {
		assertThat(next("limit=%2B2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2");
		assertThat(next("limit=2&offset=abc", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2");
		assertThat(next("limit=2&limit=3", 5000, 3, 0)).isEqualTo(BASE + "?limit=3&offset=3");
	}

	@Test
	void valuesAreReencodedWithQuotePlus() {
		assertThat(next("search=a+b&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=a+b");
		assertThat(next("search=a%20b&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=a+b");
		assertThat(next("ordering=user,-id&limit=5", 5000, 5, 0))
			.isEqualTo(BASE + "?limit=5&offset=5&ordering=user%2C-id");
		assertThat(next("search=%25&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=%25");
		assertThat(next("search=%zz&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=%25zz");
		assertThat(next("search=~._-&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=~._-");
		assertThat(next("search=a/b:c@d?e&limit=2", 5000, 2, 0))
			.isEqualTo(BASE + "?limit=2&offset=2&search=a%2Fb%3Ac%40d%3Fe");
		assertThat(next("search=%00&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=%00");
		assertThat(next("a+b=c+d&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?a+b=c+d&limit=2&offset=2");
	}

	@Test
	void nonAsciiIsEncodedAsUtf8WithUpperCaseHex() {
		assertThat(next("search=zo%C3%AB&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=zo%C3%AB");
		assertThat(next("search=%e6%9d%8e&limit=2", 5000, 2, 0))
			.isEqualTo(BASE + "?limit=2&offset=2&search=%E6%9D%8E");
		assertThat(next("search=%E2%80%A8&limit=2", 5000, 2, 0))
			.isEqualTo(BASE + "?limit=2&offset=2&search=%E2%80%A8");
		assertThat(next("search=%ff&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=%EF%BF%BD");
	}

	@Test
	void blankValuesAndBlankNamesAreKept() {
		assertThat(next("flag&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?flag=&limit=2&offset=2");
		assertThat(next("=x&limit=2", 5000, 2, 0)).isEqualTo(BASE + "?=x&limit=2&offset=2");
		assertThat(next("limit=2&search=", 5000, 2, 0)).isEqualTo(BASE + "?limit=2&offset=2&search=");
	}

	@Test
	void theTrailingSlashOfTheBaseIsKept() {
		DrfPageLinks links = new DrfPageLinks(BASE + "/", DrfQueryString.parse("limit=1"));
		assertThat(links.next(COUNT, BigInteger.ONE, BigInteger.ZERO)).isEqualTo(BASE + "/?limit=1&offset=1");
	}

}
