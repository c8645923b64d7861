package dev.tokengate.token;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthTokenQueryBuilderTest {

	private final AuthTokenQueryBuilder builder = new AuthTokenQueryBuilder();

	@Test
	void aRepeatedSearchTermIsOneCondition() {
		AuthTokenSearch search = AuthTokenSearch.parse("alex,alex  Alex alex");
		assertThat(search.terms()).containsExactly("alex", "Alex");
		assertThat(this.builder.count(new AuthTokenQuery(null, search, null, null)).parameters()).hasSize(10);
	}

	@Test
	void valuesAreAlwaysParametersNeverSqlText() {
		AuthTokenQuery query = new AuthTokenQuery(AuthTokenFilter.NONE, AuthTokenSearch.parse("x'); DROP TABLE users; --"),
				List.of(), new AuthTokenPageRequest.Offset(20, 40));
		SqlStatement rows = this.builder.rows(query);
		assertThat(rows.sql()).doesNotContain("DROP").doesNotContain("'");
		assertThat(rows.parameters()).contains("%x');%", "%DROP%", 20L, 40L);
	}

	@Test
	void searchEscapesTheLikeWildcardsOfEachTerm() {
		SqlStatement count = this.builder.count(new AuthTokenQuery(null, AuthTokenSearch.parse("50% a_b \\"), null, null));
		assertThat(count.parameters()).contains("%50\\%%", "%a\\_b%", "%\\\\%");
		assertThat(count.parameters()).hasSize(15);
		// No term has three letters or digits in a row, so none leads: each is tested against a hash of its users.
		assertThat(count.sql()).startsWith("SELECT count(*) FROM auth_tokens t WHERE")
			.contains("t.user_id IN (SELECT s.user_id FROM token_owner_search s WHERE (s.username LIKE upper(?)")
			.doesNotContain("ARRAY(");
	}

	@Test
	void aSearchIsLedByItsFirstTermTheTrigramIndexesServe() {
		AuthTokenSearch search = AuthTokenSearch.parse("ab alex smith");
		assertThat(search.leading()).isEqualTo("alex");
		assertThat(search.indexedTerms()).containsExactly("alex", "smith");
		SqlStatement count = this.builder.count(new AuthTokenQuery(null, search, null, null));
		assertThat(count.sql()).containsOnlyOnce("t.user_id = ANY (ARRAY(SELECT s.user_id FROM token_owner_search s")
			.contains("((upper(t.key::text) LIKE upper(?)) OR t.user_id = ANY (ARRAY(")
			.contains("((upper(t.key::text) LIKE upper(?)) OR t.user_id IN (SELECT s.user_id FROM token_owner_search s");
		assertThat(count.sql().split("t.user_id IN \\(SELECT s.user_id", -1)).hasSize(3);
		// The leading term's condition comes where the term does: ab, alex, smith.
		assertThat(count.parameters()).containsExactly("%ab%", "%ab%", "%ab%", "%ab%", "%ab%", "%alex%", "%alex%",
				"%alex%", "%alex%", "%alex%", "%smith%", "%smith%", "%smith%", "%smith%", "%smith%");

		SqlStatement ledBySmith = this.builder.count(new AuthTokenQuery(null, search.ledBy("smith"), null, null));
		assertThat(ledBySmith.sql()).contains("OR t.user_id IN (SELECT s.user_id FROM token_owner_search s WHERE "
				+ "(s.username LIKE upper(?) OR s.mobile_number LIKE upper(?) OR s.first_name LIKE upper(?) OR "
				+ "s.last_name LIKE upper(?)))) AND ((upper(t.key::text) LIKE upper(?)) OR t.user_id = ANY (ARRAY(");
	}

	@Test
	void onlyATermWithThreeLettersOrDigitsInARowCanLead() {
		assertThat(List.of("abc", "alex", "4425", "a-abc", "\u4e2d\u6587\u5b57", "\ud835\udc00\ud835\udc01\ud835\udc02",
				"x_y_z12")).allMatch(AuthTokenSearch::isIndexed);
		assertThat(List.of("", "a", "ab", "a-b-c", "a_b", "%%%", "12.5", "\u4e2d\u6587", "a b c"))
			.noneMatch(AuthTokenSearch::isIndexed);
		assertThat(AuthTokenSearch.parse("a b").leading()).isNull();
		AuthTokenSearch search = AuthTokenSearch.parse("ab alex");
		assertThatIllegalArgumentException().isThrownBy(() -> search.ledBy("ab"));
		assertThatIllegalArgumentException().isThrownBy(() -> search.ledBy("smith"));
	}

	@Test
	void eachTermsUsersAreCountedUpToALimitInOneStatement() {
		SqlStatement owners = this.builder.termOwners(List.of("alex", "4425"), 10_000);
		assertThat(owners.sql()).isEqualTo("SELECT (SELECT count(*) FROM (SELECT 1 FROM token_owner_search s WHERE "
				+ "(s.username LIKE upper(?) OR s.mobile_number LIKE upper(?) OR s.first_name LIKE upper(?) OR "
				+ "s.last_name LIKE upper(?)) LIMIT ?) c), (SELECT count(*) FROM (SELECT 1 FROM token_owner_search s "
				+ "WHERE (s.username LIKE upper(?) OR s.mobile_number LIKE upper(?) OR s.first_name LIKE upper(?) OR "
				+ "s.last_name LIKE upper(?)) LIMIT ?) c)");
		assertThat(owners.parameters()).containsExactly("%alex%", "%alex%", "%alex%", "%alex%", 10_000L, "%4425%",
				"%4425%", "%4425%", "%4425%", 10_000L);
	}

	@Test
	void aOneTermCountSumsTheMatchingUsersTokens() {
		SqlStatement count = this.builder.count(new AuthTokenQuery(null, AuthTokenSearch.parse("alex"), null, null));
		assertThat(count.sql()).startsWith("SELECT (SELECT coalesce(sum(s.tokens), 0) FROM token_owner_search s WHERE");
		assertThat(count.parameters()).hasSize(9).containsOnly("%alex%");
	}

	@Test
	void aOneTermKeysetPageMergesTooWithTheCursorInEachPart() {
		AuthTokenCursor after = new AuthTokenCursor(List.of(42L));
		SqlStatement rows = this.builder.rows(new AuthTokenQuery(null, AuthTokenSearch.parse("son"), null,
				new AuthTokenPageRequest.Keyset(20, false, after, null)));
		assertThat(rows.sql()).contains(" UNION ").doesNotContain("ARRAY(");
		assertThat(rows.parameters()).containsExactly(42L, "%son%", 21L, 42L, "%son%", "%son%", "%son%",
				"%son%", 21L, 21L, 0L);
	}

	@Test
	void aOneTermPageMergesTheTokenAndOwnerMatchesCutToThePagesEnd() {
		SqlStatement rows = this.builder.rows(new AuthTokenQuery(null, AuthTokenSearch.parse("alex"),
				List.of(new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.DESC)),
				new AuthTokenPageRequest.Offset(20, 40)));
		assertThat(rows.sql()).contains(" UNION ").contains("t.user_id IN (SELECT s.user_id FROM token_owner_search s");
		assertThat(rows.parameters()).containsExactly("%alex%", 60L, "%alex%", "%alex%", "%alex%", "%alex%",
				60L, 20L, 40L);
	}

	@Test
	void aCountWithoutSearchReadsTheTokensAlone() {
		SqlStatement count = this.builder.count(new AuthTokenQuery(new AuthTokenFilter(5L, null, null, null, null, null,
				null, null), null, null, null));
		assertThat(count.sql()).isEqualTo("SELECT count(*) FROM auth_tokens t WHERE t.id >= ?");
		assertThat(count.parameters()).containsExactly(5L);
	}

	@Test
	void theUnfilteredCountReadsTheTriggerMaintainedCounter() {
		assertThat(this.builder.count(new AuthTokenQuery(null, AuthTokenSearch.parse(" , "), null, null)).sql())
			.isEqualTo("SELECT tokens FROM auth_token_count");
	}

	@Test
	void anOffsetPageFindsItsIdsBeforeJoiningRowsAndUsers() {
		SqlStatement rows = this.builder.rows(new AuthTokenQuery(null, null, null, new AuthTokenPageRequest.Offset(20, 5_000)));
		assertThat(rows.sql()).isEqualTo("SELECT t.id, t.key, t.user_id, u.username, u.first_name, u.last_name, "
				+ "t.created_at, t.updated_at FROM (SELECT t.id FROM auth_tokens t ORDER BY t.id ASC LIMIT ? OFFSET ?) page "
				+ "JOIN auth_tokens t ON t.id = page.id JOIN users u ON u.id = t.user_id ORDER BY t.id ASC");
		assertThat(rows.parameters()).containsExactly(20L, 5_000L);
	}

	@Test
	void aDeepOffsetPageOfTheWholeListReadsOnlyThePartitionsHoldingIt() {
		SqlStatement byId = this.builder.rows(new AuthTokenQuery(null, null, null, new AuthTokenPageRequest.Offset(20, 500_000)));
		assertThat(byId.sql()).contains("FROM (SELECT block AS lo, tokens AS n FROM auth_token_id_blocks) p")
			.contains("WHERE t.id >= ((SELECT lo FROM first_partition)) << 10 AND t.id < ((SELECT lo FROM last_partition) + 1) << 10")
			.contains("LIMIT ? OFFSET ? - (SELECT before FROM first_partition)");
		assertThat(byId.parameters()).containsExactly(500_000L, 500_020L, 20L, 500_000L);
		SqlStatement byNewest = this.builder.rows(new AuthTokenQuery(null, null,
				List.of(new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.DESC)),
				new AuthTokenPageRequest.Offset(20, 500_000)));
		assertThat(byNewest.sql()).contains("SELECT day AS lo, created AS n FROM auth_token_days")
			.contains("sum(n) OVER (ORDER BY lo DESC)")
			.contains("t.created_at >= ((SELECT lo FROM last_partition))::timestamp AT TIME ZONE 'UTC'");
		// Filtered or searched lists, and shallow pages, walk their rows as before.
		assertThat(this.builder.rows(new AuthTokenQuery(new AuthTokenFilter(7L, null, null, null, null, null, null, null),
				null, null, new AuthTokenPageRequest.Offset(20, 500_000))).sql()).doesNotContain("partition");
		assertThat(this.builder.rows(new AuthTokenQuery(null, AuthTokenSearch.parse("alex"), null,
				new AuthTokenPageRequest.Offset(20, 500_000))).sql()).doesNotContain("partition");
	}

	@Test
	void theCountAndAnOffsetPageAreOneStatement() {
		AuthTokenQuery query = new AuthTokenQuery(new AuthTokenFilter(7L, null, null, null, null, null, null, null), null,
				List.of(new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.DESC)),
				new AuthTokenPageRequest.Offset(5, 10));
		SqlStatement counted = this.builder.countedRows(query);
		assertThat(counted.sql()).startsWith("SELECT (SELECT count(*) FROM auth_tokens t WHERE t.id >= ?), t.id, t.key, ")
			.endsWith(" ORDER BY t.created_at DESC, t.id ASC")
			.doesNotContain("LATERAL");
		assertThat(counted.parameters()).containsExactly(7L, 7L, 5L, 10L);

		// An empty page gives no row there: this statement gives its count with a row of nulls.
		SqlStatement padded = this.builder.countedPage(query);
		assertThat(padded.sql()).startsWith("SELECT c.total, r.* FROM (SELECT count(*) FROM auth_tokens t WHERE t.id >= ?)"
				+ " c(total) LEFT JOIN LATERAL (").endsWith(") r ON true ORDER BY r.created_at DESC, r.id ASC");
		assertThat(padded.parameters()).containsExactly(7L, 7L, 5L, 10L);
	}

	@Test
	void aSearchIsCountedOnlyWhenItsPageCannotTellTheCount() {
		AuthTokenQuery firstPage = new AuthTokenQuery(null, AuthTokenSearch.parse("alex"), null,
				new AuthTokenPageRequest.Offset(20, 0));
		SqlStatement first = this.builder.countedRows(firstPage);
		SqlStatement rows = this.builder.rows(firstPage);
		SqlStatement count = this.builder.count(firstPage);
		assertThat(first.sql()).isEqualTo("WITH page_rows AS MATERIALIZED (" + rows.sql() + ") SELECT c.total, r.* FROM "
				+ "(SELECT CASE WHEN k.rows < ? THEN ? + k.rows ELSE (" + count.sql() + ") END FROM (SELECT count(*) FROM "
				+ "page_rows) k(rows)) c(total) LEFT JOIN page_rows r ON true ORDER BY r.id ASC");
		List<Object> parameters = new ArrayList<>(rows.parameters());
		parameters.addAll(List.of(20L, 0L));
		parameters.addAll(count.parameters());
		assertThat(first.parameters()).isEqualTo(parameters);

		// Past the first page, an empty page may lie beyond the end: only a page with rows tells the count.
		SqlStatement later = this.builder.countedRows(firstPage.withPage(new AuthTokenPageRequest.Offset(20, 40)));
		assertThat(later.sql()).contains("CASE WHEN k.rows > 0 AND k.rows < ? THEN ? + k.rows ELSE (");
	}

	@Test
	void aUtcDateIsAHalfOpenTimestampRange() {
		LocalDate day = LocalDate.of(2025, 8, 6);
		SqlStatement rows = this.builder.rows(new AuthTokenQuery(
				new AuthTokenFilter(null, null, day, null, null, null, null, null), null, null, null));
		assertThat(rows.sql()).endsWith("WHERE t.created_at >= ? AND t.created_at < ? ORDER BY t.id ASC");
		assertThat(rows.parameters()).containsExactly(OffsetDateTime.parse("2025-08-06T00:00Z"),
				OffsetDateTime.parse("2025-08-07T00:00Z"));
	}

	@Test
	void aTermThatCannotBeInAnIdsTextIsMatchedAgainstTheKeyAlone() {
		assertThat(List.of("1", "0042", "-", "-7", "123456789012345678901")).allMatch(AuthTokenQueryBuilder::couldBeInAnId);
		assertThat(List.of("a", "1a", "7-", "1-2", "+1", "1.0", " 1", "\uff11", "%", "_"))
			.noneMatch(AuthTokenQueryBuilder::couldBeInAnId);
		SqlStatement count = this.builder.count(new AuthTokenQuery(null, new AuthTokenSearch(List.of("bec7")), null, null));
		assertThat(count.sql()).contains("(upper(t.key::text) LIKE upper(?))").doesNotContain("t.id::text");
		SqlStatement digits = this.builder.count(new AuthTokenQuery(null, new AuthTokenSearch(List.of("4711")), null, null));
		assertThat(digits.sql()).contains("upper(t.id::text) LIKE upper(?) OR upper(t.key::text) LIKE upper(?)");
	}

	@Test
	void theCountOfDatesAloneSumsTheDayCountsOverTheDaysEveryDateConditionLeaves() {
		SqlStatement created = this.builder.count(new AuthTokenQuery(new AuthTokenFilter(null, null,
				LocalDate.of(2025, 8, 6), null, LocalDate.of(2025, 8, 1), LocalDate.of(2025, 9, 1), null, null), null,
				null, null));
		assertThat(created.sql())
			.isEqualTo("SELECT coalesce(sum(created), 0)::bigint FROM auth_token_days WHERE day >= ? AND day <= ?");
		assertThat(created.parameters()).containsExactly(LocalDate.of(2025, 8, 6), LocalDate.of(2025, 8, 6));
		SqlStatement updated = this.builder.count(new AuthTokenQuery(
				new AuthTokenFilter(null, null, null, null, null, null, null, LocalDate.of(2025, 8, 6)), null, null, null));
		assertThat(updated.sql())
			.isEqualTo("SELECT coalesce(sum(updated), 0)::bigint FROM auth_token_days WHERE day <= ?");
		// Both timestamps, or an id bound besides the dates: the tokens are counted.
		assertThat(this.builder.count(new AuthTokenQuery(new AuthTokenFilter(null, null, LocalDate.of(2025, 8, 6),
				LocalDate.of(2025, 8, 6), null, null, null, null), null, null, null)).sql())
			.startsWith("SELECT count(*) FROM auth_tokens t");
		assertThat(this.builder.count(new AuthTokenQuery(new AuthTokenFilter(5L, null, LocalDate.of(2025, 8, 6), null,
				null, null, null, null), null, null, null)).sql())
			.startsWith("SELECT count(*) FROM auth_tokens t");
	}

	@Test
	void theOrderingAlwaysEndsWithTheIdTieBreaker() {
		AuthTokenQuery query = new AuthTokenQuery(null, null,
				List.of(new AuthTokenOrder(AuthTokenOrderField.USER, SortDirection.DESC)), null);
		assertThat(this.builder.rows(query).sql()).endsWith("ORDER BY t.user_id DESC, t.id ASC");
		AuthTokenQuery byIdFirst = new AuthTokenQuery(null, null, List.of(
				new AuthTokenOrder(AuthTokenOrderField.ID, SortDirection.DESC),
				new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.ASC)), null);
		assertThat(this.builder.rows(byIdFirst).sql()).endsWith("ORDER BY t.id DESC");
	}

	@Test
	void aKeysetPageOfOneDirectionIsOneRowComparison() {
		AuthTokenQuery query = new AuthTokenQuery(null, null,
				List.of(new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.DESC),
						new AuthTokenOrder(AuthTokenOrderField.ID, SortDirection.DESC)),
				new AuthTokenPageRequest.Keyset(10, false, new AuthTokenCursor(List.of(1_000_000L, 7L)), null));
		SqlStatement rows = this.builder.rows(query);
		assertThat(rows.sql()).contains("((t.created_at, t.id) < (?, ?))").endsWith("LIMIT ?");
		assertThat(rows.parameters()).containsExactly(OffsetDateTime.parse("1970-01-01T00:00:01Z"), 7L, 11L);
	}

	@Test
	void aKeysetPageOfMixedDirectionsExpandsTheComparison() {
		AuthTokenQuery query = new AuthTokenQuery(null, null,
				List.of(new AuthTokenOrder(AuthTokenOrderField.USER, SortDirection.DESC)),
				new AuthTokenPageRequest.Keyset(10, true, null, new AuthTokenCursor(List.of(3L, 9L))));
		SqlStatement rows = this.builder.rows(query);
		// After the first field's bound, which lets PostgreSQL start its index walk at the cursor.
		assertThat(rows.sql()).contains("(t.user_id >= ? AND ((t.user_id > ?) OR (t.user_id = ? AND t.id < ?)))")
			.contains("ORDER BY t.user_id ASC, t.id DESC");
		assertThat(rows.parameters()).containsExactly(3L, 3L, 3L, 9L, 11L);

		SqlStatement newestAfter = this.builder.rows(new AuthTokenQuery(null, null,
				List.of(new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.DESC)),
				new AuthTokenPageRequest.Keyset(10, false, new AuthTokenCursor(List.of(1_000_000L, 7L)), null)));
		assertThat(newestAfter.sql()).contains("(t.created_at <= ? AND ((t.created_at < ?) OR (t.created_at = ? AND "
				+ "t.id > ?)))").endsWith("ORDER BY t.created_at DESC, t.id ASC LIMIT ?");
	}

}
