package dev.tokengate.token;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.springframework.stereotype.Component;

/**
 * Writes every SQL statement of the service. Values are always parameters here (the service then writes the numbers
 * and dates it computed inline, {@link SqlStatement#withValuesInline()}, so that a repeated statement keeps its plan;
 * text never); the only identifiers are the fixed table aliases and the columns of {@link AuthTokenOrderField}.
 */
@Component
public class AuthTokenQueryBuilder {

	/**
	 * A search term at least this long matches few tokens by their own fields: a key is 40 random hex digits (DRF's
	 * generate_key; a given 4 digits occur in about 0.06% of keys) and an id has a few digits.
	 */
	private static final int RARE_IN_TOKENS = 4;

	/** An offset from which a page of the whole list is found through the partition counts (below, a walk is cheap). */
	static final long PARTITIONED_FROM = 10_000;

	private static final String ROW_COLUMNS = "t.id, t.key, t.user_id, u.username, u.first_name, u.last_name, "
			+ "t.created_at, t.updated_at";

	/**
	 * The version of the users' names (V8). Like the counts the other migrations' triggers keep, it is only as good as
	 * its trigger: a writer that bypasses it must move it on itself (see README). Checking the trigger in each
	 * statement cost S1's statement about 15% (pgbench, prepared).
	 */
	private static final String USER_NAMES_VERSION = "(SELECT version FROM user_names_version)";

	/** The columns of a row whose user's names are read apart, after the version of the users' names. */
	private static final String VERSIONED_ROW_COLUMNS = USER_NAMES_VERSION + ", t.id, t.key, t.user_id, t.created_at, "
			+ "t.updated_at";

	/** How a statement of rows gives each row's user's names. */
	public enum UserNamesSource {

		/**
		 * Joined from the users, one lookup per row: the row's columns are id, key, user_id, username, first_name,
		 * last_name, created_at and updated_at.
		 */
		JOINED,

		/**
		 * Left out: the row's columns are the users' names version, id, key, user_id, created_at and updated_at, and
		 * the names come from {@link UserNamesCache} or {@link AuthTokenQueryBuilder#userNames}, read at that version.
		 */
		BY_VERSION

	}

	/**
	 * The first statement of a snapshot transaction: every later statement sees the same committed rows. Scoped to the
	 * transaction, unlike JDBC's isolation setter (a {@code SET SESSION CHARACTERISTICS} that would outlive it), so no
	 * session state is relied on and the service works through PgBouncer in transaction mode.
	 */
	public SqlStatement snapshot() {
		return new SqlStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", List.of());
	}

	/**
	 * Has every later statement of the transaction planned for its values, never with a cached generic plan (PostgreSQL
	 * 12 and later; older servers skip it). Scoped to the transaction, as {@link #snapshot()} is.
	 */
	public SqlStatement customPlans() {
		return new SqlStatement("SELECT set_config('plan_cache_mode', 'force_custom_plan', true) "
				+ "WHERE current_setting('server_version_num')::int >= 120000", List.of());
	}

	/** The token lookup of the authentication: the key is compared again in constant time by the caller. */
	public SqlStatement tokenOwner(String key) {
		return new SqlStatement("SELECT t.key, u.id, u.username, u.is_active, u.is_staff, u.is_superuser "
				+ "FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.key = ?", List.of(key));
	}

	/**
	 * A token of an active staff user or superuser, with its id and its user's name: what the service's own warm-up
	 * requests authenticate with and ask for ({@code dev.tokengate.warmup}), read once at start-up. Any one will do.
	 */
	public SqlStatement staffToken() {
		return new SqlStatement("SELECT t.key, t.id, u.username FROM users u JOIN auth_tokens t ON t.user_id = u.id "
				+ "WHERE u.is_active AND (u.is_staff OR u.is_superuser) LIMIT 1", List.of());
	}

	/**
	 * The exact number of rows matching the query's filter and search (the page is ignored). Unfiltered, it is the
	 * counter the V2 migration's triggers keep; for one search term or dates alone, a sum of V3's per-user or V4's
	 * per-day counts; otherwise it reads the tokens alone, from their indexes where it can.
	 */
	public SqlStatement count(AuthTokenQuery query) {
		List<Object> parameters = new ArrayList<>();
		List<String> conditions = conditions(query, parameters);
		if (conditions.isEmpty()) {
			return new SqlStatement("SELECT tokens FROM auth_token_count", parameters);
		}
		if (isSingleTermSearch(query)) {
			return singleTermCount(query.search().terms().get(0));
		}
		if (query.search().terms().isEmpty()) {
			SqlStatement days = dayCount(query.filter());
			if (days != null) {
				return days;
			}
		}
		StringBuilder sql = new StringBuilder("SELECT count(*) FROM auth_tokens t");
		appendWhere(sql, conditions);
		return new SqlStatement(sql.toString(), parameters);
	}

	/**
	 * The count of a search for one term alone: the tokens of the matching users are summed from the counts V3's
	 * triggers keep per user, and only the tokens matched by id or key that no matching user owns are counted row by
	 * row (from the trigram indexes: few, for any term of three characters or more).
	 */
	private static SqlStatement singleTermCount(String term) {
		List<Object> parameters = new ArrayList<>();
		String owners = ownerMatch(term, parameters);
		String tokens = tokenMatch(term, parameters);
		String sameOwners = ownerMatch(term, parameters);
		return new SqlStatement("SELECT (SELECT coalesce(sum(s.tokens), 0) FROM token_owner_search s WHERE " + owners
				+ ")::bigint + (SELECT count(*) FROM auth_tokens t WHERE " + tokens
				+ " AND NOT EXISTS (SELECT 1 FROM token_owner_search s WHERE s.user_id = t.user_id AND " + sameOwners
				+ "))", parameters);
	}

	/**
	 * The count of a filter on creation dates alone, or on update dates alone: the date filters are whole UTC days, so
	 * the count is the sum of V4's per-day counts over the days they leave (no token row or index entry is read). Null
	 * for any other filter.
	 */
	private static SqlStatement dayCount(AuthTokenFilter filter) {
		if (filter.idMin() != null || filter.idMax() != null) {
			return null;
		}
		boolean created = filter.createdDate() != null || filter.createdFrom() != null || filter.createdTo() != null;
		boolean updated = filter.updatedDate() != null || filter.updatedFrom() != null || filter.updatedTo() != null;
		if (created == updated) {
			return null;
		}
		LocalDate from = latest(created ? filter.createdDate() : filter.updatedDate(),
				created ? filter.createdFrom() : filter.updatedFrom());
		LocalDate to = earliest(created ? filter.createdDate() : filter.updatedDate(),
				created ? filter.createdTo() : filter.updatedTo());
		List<Object> parameters = new ArrayList<>();
		List<String> days = new ArrayList<>();
		if (from != null) {
			days.add("day >= ?");
			parameters.add(from);
		}
		if (to != null) {
			days.add("day <= ?");
			parameters.add(to);
		}
		return new SqlStatement("SELECT coalesce(sum(" + (created ? "created" : "updated")
				+ "), 0)::bigint FROM auth_token_days WHERE " + String.join(" AND ", days), parameters);
	}

	private static LocalDate latest(LocalDate a, LocalDate b) {
		return (a == null) ? b : (b == null || a.isAfter(b)) ? a : b;
	}

	private static LocalDate earliest(LocalDate a, LocalDate b) {
		return (a == null) ? b : (b == null || a.isBefore(b)) ? a : b;
	}

	private static boolean isSingleTermSearch(AuthTokenQuery query) {
		return query.search().terms().size() == 1 && AuthTokenFilter.NONE.equals(query.filter());
	}

	/**
	 * The rows of the query's page with their users, in one statement. An offset page first finds the page's ids (from
	 * an index, without reading the rows it skips) and only then joins the rows and their users: a deep offset costs
	 * an index walk, not a heap walk; a first page has nothing to skip, and reads its tokens at once. For a keyset page
	 * taken from the end, the rows come in reverse order; keyset pages fetch one row more than their size, to tell
	 * whether more exist.
	 */
	public SqlStatement rows(AuthTokenQuery query) {
		return rows(query, UserNamesSource.JOINED);
	}

	/** The rows of the query's page, with their users' names as {@code names} says. */
	public SqlStatement rows(AuthTokenQuery query, UserNamesSource names) {
		return rows(query, names, null);
	}

	/** The rows of the query's page, with {@code firstColumn}'s value (a one-value statement), if any, before each. */
	private static SqlStatement rows(AuthTokenQuery query, UserNamesSource names, SqlStatement firstColumn) {
		String first = (firstColumn == null) ? "" : "(" + firstColumn.sql() + "), ";
		String select = "SELECT " + first + ((names == UserNamesSource.JOINED) ? ROW_COLUMNS : VERSIONED_ROW_COLUMNS);
		String users = (names == UserNamesSource.JOINED) ? " JOIN users u ON u.id = t.user_id" : "";
		List<Object> parameters = new ArrayList<>((firstColumn == null) ? List.of() : firstColumn.parameters());
		List<AuthTokenOrder> ordering = query.ordering();
		if (query.page() instanceof AuthTokenPageRequest.Offset offset && offset.offset() == 0
				&& query.search().terms().size() != 1) {
			return new SqlStatement(select + " FROM (" + firstPage(query, offset, parameters) + ") t" + users
					+ " ORDER BY " + orderBy(ordering), parameters);
		}
		if (query.page() instanceof AuthTokenPageRequest.Offset offset) {
			String ids = (query.search().terms().size() == 1)
					? singleTermIds(query, ordering, params -> List.of(), offset.limit(), offset.offset(), parameters)
					: pageIds(query, offset, parameters);
			return new SqlStatement(select + " FROM (" + ids + ") page JOIN auth_tokens t ON t.id = page.id" + users
					+ " ORDER BY " + orderBy(ordering), parameters);
		}
		if (query.page() instanceof AuthTokenPageRequest.Keyset keyset && query.search().terms().size() == 1) {
			List<AuthTokenOrder> pageOrdering = keyset.fromEnd()
					? ordering.stream().map(AuthTokenOrder::reversed).toList() : ordering;
			String ids = singleTermIds(query, pageOrdering,
					params -> keysetConditions(query.ordering(), keyset, params), keyset.size() + 1L, 0, parameters);
			return new SqlStatement(select + " FROM (" + ids + ") page JOIN auth_tokens t ON t.id = page.id" + users
					+ " ORDER BY " + orderBy(pageOrdering), parameters);
		}
		List<String> conditions = conditions(query, parameters);
		StringBuilder sql = new StringBuilder(select).append(" FROM auth_tokens t").append(users);
		if (query.page() instanceof AuthTokenPageRequest.Keyset keyset) {
			conditions.addAll(keysetConditions(ordering, keyset, parameters));
			if (keyset.fromEnd()) {
				ordering = ordering.stream().map(AuthTokenOrder::reversed).toList();
			}
			appendWhere(sql, conditions);
			sql.append(" ORDER BY ").append(orderBy(ordering)).append(" LIMIT ?");
			parameters.add(keyset.size() + 1L);
			return new SqlStatement(sql.toString(), parameters);
		}
		appendWhere(sql, conditions);
		sql.append(" ORDER BY ").append(orderBy(ordering));
		return new SqlStatement(sql.toString(), parameters);
	}

	/**
	 * The tokens of a first page (offset 0): there are no rows to skip, so the page's tokens are read with their ids
	 * instead of being looked up again by id, and only the users are joined to them. With pgbench on bench/run's
	 * database (16 clients, two rounds of 6 s): S1 1474-1591 -> 2124-2313 tps planned each time, 4121-5007 -> 5124-5355
	 * prepared; S3 845-1012 -> 1170-1395 and 1827-2063 -> 2215-2751; GraphQL S5's count and page 726-967 -> 845-1159
	 * and 1345-1393 -> 1313-1715. (The tokens joined to their users before the limit, in one query, made PostgreSQL
	 * size a cache of users for the whole table: S1 prepared fell to half.)
	 */
	private static String firstPage(AuthTokenQuery query, AuthTokenPageRequest.Offset offset, List<Object> parameters) {
		return offsetPage("t.id, t.key, t.user_id, t.created_at, t.updated_at", query, offset, parameters);
	}

	/** The ids of an offset page, from the ordering's index where there is one. */
	private static String pageIds(AuthTokenQuery query, AuthTokenPageRequest.Offset offset, List<Object> parameters) {
		if (offset.offset() >= PARTITIONED_FROM && query.search().terms().isEmpty()
				&& AuthTokenFilter.NONE.equals(query.filter())) {
			return partitionedPageIds(query.ordering(), offset, parameters);
		}
		return offsetPage("t.id", query, offset, parameters);
	}

	/** The given columns of the tokens of an offset page, in the ordering (an offset of 0 is left out). */
	private static String offsetPage(String columns, AuthTokenQuery query, AuthTokenPageRequest.Offset offset,
			List<Object> parameters) {
		StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM auth_tokens t");
		appendWhere(sql, conditions(query, parameters));
		sql.append(" ORDER BY ").append(orderBy(query.ordering())).append(" LIMIT ?");
		parameters.add(offset.limit());
		if (offset.offset() > 0) {
			sql.append(" OFFSET ?");
			parameters.add(offset.offset());
		}
		return sql.toString();
	}

	/**
	 * The ids of a deep offset page of the whole list, without walking the rows it skips. Every ordering starts with a
	 * field whose counts the triggers keep per partition: ids and user ids per block of 1024 (V5), both timestamps per
	 * UTC day (V4). A running sum over the partitions, in the ordering's direction, finds the partition
	 * holding the page's first row (and the rows before it) and the one holding its last; only the rows of those and
	 * any partitions between them are read, from the ordering's index where there is one. Counts and rows are read in
	 * the same statement, so the page is exact. (S4 in bench/: 29 requests/s walking 500,000 index entries before.)
	 */
	private static String partitionedPageIds(List<AuthTokenOrder> ordering, AuthTokenPageRequest.Offset offset,
			List<Object> parameters) {
		AuthTokenOrder first = ordering.get(0);
		String partitions = switch (first.field()) {
			case ID -> "SELECT block AS lo, tokens AS n FROM auth_token_id_blocks";
			case CREATED_AT -> "SELECT day AS lo, created AS n FROM auth_token_days";
			case UPDATED_AT -> "SELECT day AS lo, updated AS n FROM auth_token_days";
			case USER -> "SELECT block AS lo, tokens AS n FROM auth_token_user_blocks";
		};
		Function<String, String> startOf = switch (first.field()) {
			case ID, USER -> lo -> "(" + lo + ") << 10";
			case CREATED_AT, UPDATED_AT -> lo -> "(" + lo + ")::timestamp AT TIME ZONE 'UTC'";
		};
		String direction = first.direction().name();
		boolean ascending = first.direction() == SortDirection.ASC;
		String low = ascending ? "(SELECT lo FROM first_partition)" : "(SELECT lo FROM last_partition)";
		String high = ascending ? "(SELECT lo FROM last_partition)" : "(SELECT lo FROM first_partition)";
		String column = first.field().column();
		long end = offset.offset() > Long.MAX_VALUE - offset.limit() ? Long.MAX_VALUE : offset.offset() + offset.limit();
		parameters.add(offset.offset());
		parameters.add(end);
		parameters.add(offset.limit());
		parameters.add(offset.offset());
		return "WITH partitions AS MATERIALIZED (SELECT lo, n, (sum(n) OVER (ORDER BY lo " + direction
				+ "))::bigint AS through FROM (" + partitions + ") p WHERE n <> 0),"
				+ " first_partition AS (SELECT lo, through - n AS before FROM partitions WHERE through > ? ORDER BY lo "
				+ direction + " LIMIT 1),"
				+ " last_partition AS (SELECT lo FROM partitions WHERE through >= ? OR through = (SELECT max(through) "
				+ "FROM partitions) ORDER BY lo " + direction + " LIMIT 1)"
				+ " SELECT t.id FROM auth_tokens t WHERE " + column + " >= " + startOf.apply(low) + " AND " + column
				+ " < " + startOf.apply(high + " + 1") + " ORDER BY " + orderBy(ordering)
				+ " LIMIT ? OFFSET ? - (SELECT before FROM first_partition)";
	}

	/** The keyset page's bounds: strictly after its {@code after} cursor and strictly before its {@code before} one. */
	private static List<String> keysetConditions(List<AuthTokenOrder> ordering, AuthTokenPageRequest.Keyset keyset,
			List<Object> parameters) {
		List<String> conditions = new ArrayList<>();
		if (keyset.after() != null) {
			conditions.add(keysetCondition(ordering, keyset.after(), true, parameters));
		}
		if (keyset.before() != null) {
			conditions.add(keysetCondition(ordering, keyset.before(), false, parameters));
		}
		return conditions;
	}

	/**
	 * The ids of a page of a one-term search ({@code limit} rows after {@code offset}, in {@code ordering}, within the
	 * {@code bounds} of a keyset page if any): the rows matched by their own id or key, and the rows of the matching
	 * users, each found from its own indexes and cut to the page's end before they are merged. For a common term the
	 * second part walks the ordering's index and keeps the rows of the (hashed) matching users; for a rare one it reads
	 * those users' tokens from the user_id index. An OR of both, as Django wrote it, serves neither: its user arm is an
	 * array of every matching user, searched row by row.
	 */
	private static String singleTermIds(AuthTokenQuery query, List<AuthTokenOrder> ordering,
			Function<List<Object>, List<String>> bounds, long limit, long offset, List<Object> parameters) {
		String term = query.search().terms().get(0);
		List<String> columns = ordering.stream().map(order -> order.field().column()).distinct().toList();
		long end = offset > Long.MAX_VALUE - limit ? Long.MAX_VALUE : offset + limit;
		String select = "(SELECT " + String.join(", ", columns) + " FROM auth_tokens t WHERE ";
		String tail = " ORDER BY " + orderBy(ordering) + " LIMIT ?)";

		List<String> byToken = filterConditions(query.filter(), parameters);
		byToken.addAll(bounds.apply(parameters));
		byToken.add(tokenMatch(term, parameters));
		parameters.add(end);
		String tokens = select + String.join(" AND ", byToken) + tail;
		if (term.length() >= RARE_IN_TOKENS) {
			// The planner puts any rare LIKE at 0.01% of the rows (its clamp: 100 of 1,000,000), so it walks the
			// ordering's index expecting a match soon, and reads the whole table for a key that matches once (S6 went
			// from 43 to 1.5 requests/s when the statistics changed). Such a term matches few rows, so they are read
			// from the trigram indexes (OFFSET 0 keeps the ordering out of that plan) and then sorted.
			tokens = "(SELECT " + String.join(", ", columns) + " FROM " + select
					+ String.join(" AND ", byToken) + " OFFSET 0) t" + tail;
		}
		List<String> byOwner = filterConditions(query.filter(), parameters);
		byOwner.addAll(bounds.apply(parameters));
		byOwner.add("t.user_id IN (SELECT s.user_id FROM token_owner_search s WHERE " + ownerMatch(term, parameters)
				+ ")");
		parameters.add(end);
		parameters.add(limit);
		parameters.add(offset);
		return "SELECT t.id FROM (" + tokens + " UNION " + select
				+ String.join(" AND ", byOwner) + tail + ") t ORDER BY " + orderBy(ordering) + " LIMIT ? OFFSET ?";
	}

	/**
	 * The count and an offset page in one statement: one round trip, and one statement reads one snapshot, so the count
	 * always describes the rows listed. Every row carries the count in its first column. An empty page gives no row,
	 * so no count (read it with {@link #countedPage}), except a search's, which gives one row with the count and
	 * nulls. The count is a column of the page's own statement: joining the page to a one-row count instead (which
	 * gives an empty page its row) made PostgreSQL sort the page again; pgbench, prepared, three rounds of 6 s in turn,
	 * S1's statement 10793-12191 -> 13117-13958 tps, S3's 5169-5407 -> 5034-5903, GraphQL S5's 3792-4201 -> 4254-4844.
	 */
	public SqlStatement countedRows(AuthTokenQuery query) {
		return countedRows(query, UserNamesSource.JOINED);
	}

	/** The count and an offset page in one statement, with the users' names as {@code names} says. */
	public SqlStatement countedRows(AuthTokenQuery query, UserNamesSource names) {
		AuthTokenPageRequest.Offset page = offsetPage(query);
		if (!query.search().terms().isEmpty()) {
			return searchCountedRows(count(query), rows(query, names), page, ordered(query));
		}
		return rows(query, names, count(query));
	}

	/**
	 * The count and an offset page in one statement that gives a row even for an empty page (the count and nulls),
	 * the users joined: for a page that {@link #countedRows} found empty.
	 */
	public SqlStatement countedPage(AuthTokenQuery query) {
		offsetPage(query);
		SqlStatement count = count(query);
		SqlStatement rows = rows(query, UserNamesSource.JOINED);
		List<Object> parameters = new ArrayList<>(count.parameters());
		parameters.addAll(rows.parameters());
		return new SqlStatement("SELECT c.total, r.* FROM (" + count.sql() + ") c(total) LEFT JOIN LATERAL ("
				+ rows.sql() + ") r ON true" + ordered(query), parameters);
	}

	/** The query's offset page: only those are counted with their rows. */
	private static AuthTokenPageRequest.Offset offsetPage(AuthTokenQuery query) {
		if (!(query.page() instanceof AuthTokenPageRequest.Offset page)) {
			throw new IllegalArgumentException("Only offset pages are counted with their rows");
		}
		return page;
	}

	/** The ORDER BY of a statement over a page's rows, aliased r. */
	private static String ordered(AuthTokenQuery query) {
		return " ORDER BY " + orderBy(query.ordering()).replace("t.", "r.");
	}

	/**
	 * A search's count and page, counting only when the page cannot tell: a page with fewer rows than its limit (and
	 * some rows, or none at offset 0) is the end of the list, so the count is its offset plus its rows. The count of a
	 * search reads the trigram indexes as the page did, so a search found on one page (S6 in bench/, one full key) no
	 * longer runs twice: pgbench, prepared, three rounds of 8 s, S6's statement 44-54 -> 97-105 tps; S2's (a full page)
	 * 93-101 -> 88-98, within the noise. PostgreSQL runs the count's subquery only when the CASE reaches it. Other
	 * queries count in every case: their counts come from the triggers' counters or a short index walk, cheaper than
	 * keeping the page to read it twice (GraphQL S5's statement in this form: 3500-3700 tps against 4150-4850).
	 */
	private static SqlStatement searchCountedRows(SqlStatement count, SqlStatement rows,
			AuthTokenPageRequest.Offset page, String ordered) {
		List<Object> parameters = new ArrayList<>(rows.parameters());
		String lastPage = (page.offset() == 0) ? "k.rows < ?" : "k.rows > 0 AND k.rows < ?";
		parameters.add(page.limit());
		parameters.add(page.offset());
		parameters.addAll(count.parameters());
		return new SqlStatement("WITH page_rows AS MATERIALIZED (" + rows.sql() + ") SELECT c.total, r.* FROM (SELECT "
				+ "CASE WHEN " + lastPage + " THEN ? + k.rows ELSE (" + count.sql() + ") END FROM (SELECT count(*) FROM "
				+ "page_rows) k(rows)) c(total) LEFT JOIN page_rows r ON true" + ordered, parameters);
	}

	/**
	 * The names of the given users, after the version of the users' names their snapshot reads (in every row). The ids
	 * are numbers the database gave, written inline.
	 */
	public SqlStatement userNames(Collection<Long> userIds) {
		if (userIds.isEmpty()) {
			throw new IllegalArgumentException("No users to read");
		}
		StringBuilder ids = new StringBuilder();
		for (long id : userIds) {
			ids.append(ids.isEmpty() ? "" : ", ").append((id >= 0) ? Long.toString(id) : "bigint '" + id + "'");
		}
		return new SqlStatement("SELECT " + USER_NAMES_VERSION + ", u.id, u.username, u.first_name, u.last_name "
				+ "FROM users u WHERE u.id IN (" + ids + ")", List.of());
	}

	/** Whether the V8 migration's version of the users' names is there (a schema managed without Flyway may lack it). */
	public SqlStatement userNamesVersionExists() {
		return new SqlStatement("SELECT to_regclass('user_names_version') IS NOT NULL", List.of());
	}

	/**
	 * Whether any row matching the query's filter and search lies at or before {@code cursor} ({@code atOrBefore}), or at
	 * or after it: the rows outside a keyset window, for the connection's page info.
	 */
	public SqlStatement existsBeyond(AuthTokenQuery query, AuthTokenCursor cursor, boolean atOrBefore) {
		List<Object> parameters = new ArrayList<>();
		List<String> conditions = conditions(query, parameters);
		conditions.add("NOT " + keysetCondition(query.ordering(), cursor, atOrBefore, parameters));
		StringBuilder sql = new StringBuilder("SELECT EXISTS (SELECT 1 FROM auth_tokens t");
		appendWhere(sql, conditions);
		return new SqlStatement(sql.append(")").toString(), parameters);
	}

	private static void appendWhere(StringBuilder sql, List<String> conditions) {
		if (!conditions.isEmpty()) {
			sql.append(" WHERE ").append(String.join(" AND ", conditions));
		}
	}

	private static List<String> conditions(AuthTokenQuery query, List<Object> parameters) {
		List<String> conditions = filterConditions(query.filter(), parameters);
		for (String term : query.search().terms()) {
			conditions.add(term.equals(query.search().leading()) ? leadingSearchCondition(term, parameters)
					: searchCondition(term, parameters));
		}
		return conditions;
	}

	private static List<String> filterConditions(AuthTokenFilter filter, List<Object> parameters) {
		List<String> conditions = new ArrayList<>();
		if (filter.idMin() != null) {
			conditions.add("t.id >= ?");
			parameters.add(filter.idMin());
		}
		if (filter.idMax() != null) {
			conditions.add("t.id <= ?");
			parameters.add(filter.idMax());
		}
		// A UTC calendar date is a half-open timestamp range, so an index on the timestamp can serve it (the legacy
		// service compared (created_at AT TIME ZONE 'UTC')::date, which no plain index serves).
		dateRange(conditions, parameters, "t.created_at", filter.createdDate(), filter.createdDate());
		dateRange(conditions, parameters, "t.created_at", filter.createdFrom(), filter.createdTo());
		dateRange(conditions, parameters, "t.updated_at", filter.updatedDate(), filter.updatedDate());
		dateRange(conditions, parameters, "t.updated_at", filter.updatedFrom(), filter.updatedTo());
		return conditions;
	}

	/**
	 * The search's leading term (see {@link AuthTokenSearch}): Django's icontains,
	 * {@code UPPER(col::text) LIKE UPPER('%term%')} with the term's LIKE wildcards escaped, on any of the six fields.
	 * Django joined users and OR-ed across both tables, which no index serves; here the user fields are matched in
	 * token_owner_search (their upper-cased copies, under one trigram index) and the matching users' ids looked up in
	 * the token's user_id index, so every arm of the OR is an index scan.
	 */
	private static String leadingSearchCondition(String term, List<Object> parameters) {
		return "(" + tokenMatch(term, parameters) + " OR t.user_id = ANY (ARRAY(SELECT s.user_id "
				+ "FROM token_owner_search s WHERE " + ownerMatch(term, parameters) + ")))";
	}

	/**
	 * Any other search term, tested on rows found otherwise: its matching users in a hash that each row's user is
	 * looked up in. PostgreSQL searches an array of them row by row instead (it hashes only an array written in the
	 * statement): on 1M tokens, {@code search=alex ma} with both terms in the leading form took 10.9 s; with alex
	 * leading and ma in this form, 0.41 s; with neither leading, 0.84 s.
	 */
	private static String searchCondition(String term, List<Object> parameters) {
		return "(" + tokenMatch(term, parameters) + " OR t.user_id IN (SELECT s.user_id FROM token_owner_search s "
				+ "WHERE " + ownerMatch(term, parameters) + "))";
	}

	/**
	 * How many users each term matches, counted up to {@code upTo} (one row, a column per term): the service leads a
	 * search with the term that matches fewest.
	 */
	public SqlStatement termOwners(List<String> terms, long upTo) {
		List<Object> parameters = new ArrayList<>();
		List<String> counts = new ArrayList<>();
		for (String term : terms) {
			counts.add("(SELECT count(*) FROM (SELECT 1 FROM token_owner_search s WHERE " + ownerMatch(term, parameters)
					+ " LIMIT ?) c)");
			parameters.add(upTo);
		}
		return new SqlStatement("SELECT " + String.join(", ", counts), parameters);
	}

	/** The term in the token's own searched fields, id (as text) and key. */
	private static String tokenMatch(String term, List<Object> parameters) {
		String pattern = likePattern(term);
		if (!couldBeInAnId(term)) {
			// An id's text is digits after an optional minus sign: the id arm cannot match, and its trigram index
			// would still read the posting lists of every digit trigram in the term (S6: 66 of its 110 ms).
			parameters.add(pattern);
			return "(upper(t.key::text) LIKE upper(?))";
		}
		parameters.add(pattern);
		parameters.add(pattern);
		return "(upper(t.id::text) LIKE upper(?) OR upper(t.key::text) LIKE upper(?))";
	}

	/** Whether the term can occur in the text of a bigint ({@code -?[0-9]+}); LIKE's wildcards are escaped in it. */
	static boolean couldBeInAnId(String term) {
		for (int i = 0; i < term.length(); i++) {
			char c = term.charAt(i);
			if ((c < '0' || c > '9') && !(c == '-' && i == 0)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The term in a user's searched fields, as token_owner_search (alias {@code s}) holds them: already upper-cased,
	 * so {@code s.username LIKE upper(?)} is {@code upper(u.username::text) LIKE upper(?)}.
	 */
	private static String ownerMatch(String term, List<Object> parameters) {
		String pattern = likePattern(term);
		for (int i = 0; i < 4; i++) {
			parameters.add(pattern);
		}
		return "(s.username LIKE upper(?) OR s.mobile_number LIKE upper(?) OR s.first_name LIKE upper(?)"
				+ " OR s.last_name LIKE upper(?))";
	}

	private static String likePattern(String term) {
		return "%" + escapeLike(term) + "%";
	}

	private static void dateRange(List<String> conditions, List<Object> parameters, String column, LocalDate from,
			LocalDate to) {
		if (from != null) {
			conditions.add(column + " >= ?");
			parameters.add(startOfDay(from));
		}
		if (to != null) {
			conditions.add(column + " < ?");
			parameters.add(startOfDay(to.plusDays(1)));
		}
	}

	private static OffsetDateTime startOfDay(LocalDate date) {
		return date.atStartOfDay().atOffset(ZoneOffset.UTC);
	}

	static String escapeLike(String term) {
		return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static String orderBy(List<AuthTokenOrder> ordering) {
		List<String> terms = new ArrayList<>();
		for (AuthTokenOrder order : ordering) {
			terms.add(order.field().column() + " " + order.direction().name());
		}
		return String.join(", ", terms);
	}

	/**
	 * The rows strictly after ({@code after}) or strictly before the cursor in the ordering. When every term has the same
	 * direction this is one row comparison, which a composite index answers directly; mixed directions expand into
	 * {@code a > ? OR (a = ? AND b < ?) ...}, after {@code a >= ?}, which that OR implies: PostgreSQL starts the index
	 * walk there instead of filtering every row before the cursor. On 1M tokens a batch of 2,001 rows by
	 * {@code -created_at} (a keyset page, or a stream's batch) took 185 ms at the middle of the list and 1.3 ms with it;
	 * {@code limit=1000000&offset=500000&ordering=-created_at} took 301 s.
	 */
	private static String keysetCondition(List<AuthTokenOrder> ordering, AuthTokenCursor cursor, boolean after,
			List<Object> parameters) {
		if (cursor.values().size() != ordering.size()) {
			throw new IllegalArgumentException("The cursor does not belong to this ordering");
		}
		boolean uniform = ordering.stream().map(AuthTokenOrder::direction).distinct().count() == 1;
		if (uniform) {
			boolean ascending = ordering.get(0).direction() == SortDirection.ASC;
			List<String> columns = new ArrayList<>();
			List<String> marks = new ArrayList<>();
			for (int i = 0; i < ordering.size(); i++) {
				columns.add(ordering.get(i).field().column());
				marks.add("?");
				parameters.add(parameter(ordering.get(i).field(), cursor.values().get(i)));
			}
			String operator = (ascending == after) ? ">" : "<";
			return "((" + String.join(", ", columns) + ") " + operator + " (" + String.join(", ", marks) + "))";
		}
		AuthTokenOrder first = ordering.get(0);
		String from = first.field().column()
				+ (((first.direction() == SortDirection.ASC) == after) ? " >= ?" : " <= ?");
		parameters.add(parameter(first.field(), cursor.values().get(0)));
		List<String> alternatives = new ArrayList<>();
		for (int i = 0; i < ordering.size(); i++) {
			List<String> terms = new ArrayList<>();
			for (int j = 0; j < i; j++) {
				terms.add(ordering.get(j).field().column() + " = ?");
				parameters.add(parameter(ordering.get(j).field(), cursor.values().get(j)));
			}
			AuthTokenOrder order = ordering.get(i);
			boolean ascending = order.direction() == SortDirection.ASC;
			terms.add(order.field().column() + ((ascending == after) ? " > ?" : " < ?"));
			parameters.add(parameter(order.field(), cursor.values().get(i)));
			alternatives.add("(" + String.join(" AND ", terms) + ")");
		}
		return "(" + from + " AND (" + String.join(" OR ", alternatives) + "))";
	}

	private static Object parameter(AuthTokenOrderField field, long value) {
		if (field.isTimestamp()) {
			return Instant.EPOCH.plus(value, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
		}
		return value;
	}

}
