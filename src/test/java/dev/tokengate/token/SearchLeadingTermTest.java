package dev.tokengate.token;

import java.util.ArrayList;
import java.util.List;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search of several terms is led by one: the term the trigram indexes serve whose users are fewest, its rows found
 * from the indexes; every other term is tested on those rows against a hash of its users. Whichever term leads, or
 * none, the rows and counts are Django's.
 */
class SearchLeadingTermTest extends IntegrationTest {

	@Autowired
	AuthTokenService service;

	@Autowired
	AuthTokenQueryBuilder sql;

	@Test
	void theTermMatchingTheFewestUsersLeads() {
		String rare = rareUsername();
		assertThat(usersMatching(rare)).isLessThan(usersMatching("alex"));

		assertThat(leading("alex " + rare)).isEqualTo(rare);
		assertThat(leading(rare + " alex")).isEqualTo(rare);
		// Ties go to the first; a term without three letters or digits in a row never leads.
		assertThat(leading("alex Alex")).isEqualTo("alex");
		assertThat(leading("ab alex")).isEqualTo("alex");
		assertThat(leading("a b")).isNull();
	}

	@Test
	void theRowsAndCountAreTheSameWhicheverTermLeads() {
		String rare = rareUsername();
		for (String terms : List.of("alex smith", "a b", "alex ma", "son 1", rare + " a", "ab, 4, alex", "a-b 00",
				"alex " + rare, "no-such-term alex")) {
			AuthTokenSearch parsed = AuthTokenSearch.parse(terms);
			List<Long> expected = expectedIds(parsed);
			List<String> leaders = new ArrayList<>(parsed.indexedTerms());
			leaders.add(null);
			for (String leading : leaders) {
				AuthTokenQuery query = new AuthTokenQuery(null, new AuthTokenSearch(parsed.terms(), leading), null,
						new AuthTokenPageRequest.Offset(10_000, 0));
				SqlStatement rows = this.sql.rows(query);
				SqlStatement count = this.sql.count(query);
				assertThat(this.jdbc.query(rows.sql(), (rs, n) -> rs.getLong(1), rows.parameterArray()))
					.as("rows of %s led by %s", terms, leading)
					.isEqualTo(expected);
				assertThat(this.jdbc.queryForObject(count.sql(), Long.class, count.parameterArray()))
					.as("count of %s led by %s", terms, leading)
					.isEqualTo(expected.size());
			}
			AuthTokenQuery page = new AuthTokenQuery(null, parsed, null, new AuthTokenPageRequest.Offset(3, 1));
			AuthTokenPage found = this.service.find(page, true, false);
			assertThat(found.count()).as("count of %s", terms).isEqualTo(expected.size());
			assertThat(found.rows()).extracting(AuthTokenRow::id)
				.isEqualTo(expected.subList(Math.min(1, expected.size()), Math.min(4, expected.size())));
		}
	}

	/** A username the trigram indexes serve, of the first user after the fixed ones with one. */
	private String rareUsername() {
		String username = this.jdbc.queryForObject(
				"SELECT username FROM users WHERE id > 10 AND username ~ '[a-z]{3}' ORDER BY id LIMIT 1", String.class);
		assertThat(AuthTokenSearch.isIndexed(username)).isTrue();
		return username;
	}

	private String leading(String terms) {
		return this.service.ledByRarestTerm(new AuthTokenQuery(null, AuthTokenSearch.parse(terms), null, null))
			.search()
			.leading();
	}

	private long usersMatching(String term) {
		String pattern = "%" + AuthTokenQueryBuilder.escapeLike(term) + "%";
		return this.jdbc.queryForObject("SELECT count(*) FROM users WHERE username ILIKE ? OR mobile_number ILIKE ? "
				+ "OR first_name ILIKE ? OR last_name ILIKE ?", Long.class, pattern, pattern, pattern, pattern);
	}

	/** The ids of the tokens every term matches in one of the searched fields, found the way Django's query did. */
	private List<Long> expectedIds(AuthTokenSearch search) {
		StringBuilder where = new StringBuilder("true");
		List<Object> patterns = new ArrayList<>();
		for (String term : search.terms()) {
			where.append(" AND (t.id::text ILIKE ? OR t.key ILIKE ? OR u.username ILIKE ? OR u.mobile_number ILIKE ?"
					+ " OR u.first_name ILIKE ? OR u.last_name ILIKE ?)");
			String pattern = "%" + AuthTokenQueryBuilder.escapeLike(term) + "%";
			for (int i = 0; i < 6; i++) {
				patterns.add(pattern);
			}
		}
		return this.jdbc.query("SELECT t.id FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE " + where
				+ " ORDER BY t.id", (rs, n) -> rs.getLong(1), patterns.toArray());
	}

}
