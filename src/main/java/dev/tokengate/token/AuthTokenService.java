package dev.tokengate.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import dev.tokengate.token.AuthTokenQueryBuilder.UserNamesSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the list's queries. Both APIs call it, so they cannot disagree; it never writes to the database, and reads from
 * the read replica when one is configured ({@link ReadDatabase}). PostgreSQL cancels any of its statements that runs
 * longer than {@code tokengate.database.statement-timeout} (the driver sends the cancel, no extra round trip; a
 * {@link org.springframework.dao.QueryTimeoutException}); a stream's batches are each one statement, so a long stream
 * is never cut by it. Its statements go out with their numbers and dates inline, so that a repeated one is not planned
 * again ({@link SqlStatement#withValuesInline()}). A page's users' names come from {@link UserNamesCache} when they
 * were read at the version of the names the page's statement reads, so a page whose users are known is one statement.
 */
@Service
public class AuthTokenService {

	/** Rows read per query while streaming the unpaginated list or a long page ({@link #streamPage}). */
	public static final int STREAM_BATCH = 2000;

	/** Up to how many of a search term's users are counted to choose the term that leads it. */
	static final long TERM_OWNERS_COUNTED = 10_000;

	private static final Logger log = LoggerFactory.getLogger(AuthTokenService.class);

	private static final RowMapper<AuthTokenRow> ROW_MAPPER = (rs, rowNum) -> mapRow(rs, 0);

	/**
	 * A column of {@link AuthTokenQueryBuilder#countedRows} and {@link AuthTokenQueryBuilder#countedPage} that is null
	 * only in the one row of an empty page: a row's key when its users are joined, its id when they are not (the names
	 * version before it is null if its row is gone).
	 */
	private static final int COUNTED_ROW_ID = 3;

	private final JdbcTemplate jdbc;

	private final AuthTokenQueryBuilder sql;

	private final TransactionTemplate snapshot;

	/** The gate of the read pool, if the connections come through one. */
	private final QueryGate gate;

	private final UserNamesCache userNames;

	/** Whether the database has the users' names version (asked once, on first use); null until then. */
	private volatile Boolean userNamesVersion;

	public AuthTokenService(ReadDatabase reads, AuthTokenQueryBuilder sql,
			@Value("${tokengate.database.statement-timeout:15s}") Duration statementTimeout,
			UserNamesCache userNames) {
		this.jdbc = new JdbcTemplate(reads.jdbc().getDataSource());
		this.jdbc.setQueryTimeout(queryTimeoutSeconds(statementTimeout));
		this.sql = sql;
		// A keyset page with its count and page info, and every batch of a stream, read one snapshot: a read-only
		// transaction (BEGIN READ ONLY) made repeatable-read by its first statement (see AuthTokenQueryBuilder#snapshot).
		this.snapshot = new TransactionTemplate(reads.transactions());
		this.snapshot.setReadOnly(true);
		this.gate = reads.gate().orElse(null);
		this.userNames = userNames;
	}

	/** JDBC counts whole seconds: a timeout is rounded up to the next one; zero means none. */
	static int queryTimeoutSeconds(Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			return 0;
		}
		long seconds = timeout.plusNanos(999_999_999).getSeconds();
		return (int) Math.min(seconds, Integer.MAX_VALUE);
	}

	/** The owner of a token key, if the key exists. */
	public Optional<TokenOwner> findTokenOwner(String key) {
		SqlStatement statement = this.sql.tokenOwner(key);
		List<TokenOwner> owners = this.jdbc.query(statement.sql(),
				(rs, rowNum) -> new TokenOwner(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4),
						rs.getBoolean(5), rs.getBoolean(6)),
				statement.parameterArray());
		return owners.stream().findFirst();
	}

	/** A token of an active staff user or superuser, if there is one ({@link AuthTokenQueryBuilder#staffToken}). */
	public Optional<StaffToken> findStaffToken() {
		SqlStatement statement = this.sql.staffToken();
		return this.jdbc
			.query(statement.sql(), (rs, rowNum) -> new StaffToken(rs.getString(1), rs.getLong(2), rs.getString(3)),
					statement.parameterArray())
			.stream()
			.findFirst();
	}

	/**
	 * Runs a query with an offset or keyset page.
	 * @param withCount whether to count every matching row too
	 * @param withPageInfo whether to find out if rows exist beyond a keyset page on both sides
	 */
	public AuthTokenPage find(AuthTokenQuery query, boolean withCount, boolean withPageInfo) {
		try {
			return read(ledByRarestTerm(query), withCount, withPageInfo);
		}
		finally {
			finishTurn();
		}
	}

	private AuthTokenPage read(AuthTokenQuery query, boolean withCount, boolean withPageInfo) {
		if (query.page() instanceof AuthTokenPageRequest.Offset) {
			if (!withCount) {
				return new AuthTokenPage(null, rows(query, true), false, false);
			}
			// Count and page in one statement (one snapshot, one round trip). DRF skipped the page query when the
			// offset was past the count; the page is then empty here too, and read again with its count.
			if (namesFromMemory()) {
				Counted<UnnamedRow> unnamed = countedRows(this.sql.countedRows(query, UserNamesSource.BY_VERSION),
						AuthTokenService::mapUnnamedRow);
				if (unnamed.count() == null) {
					return countedPage(query);
				}
				List<AuthTokenRow> named = named(unnamed.rows());
				if (named != null) {
					return new AuthTokenPage(unnamed.count(), named, false, false);
				}
			}
			Counted<AuthTokenRow> joined = countedRows(this.sql.countedRows(query), AuthTokenService::mapRow);
			return (joined.count() == null) ? countedPage(query)
					: new AuthTokenPage(joined.count(), joined.rows(), false, false);
		}
		if (query.page() instanceof AuthTokenPageRequest.Keyset keyset) {
			return inSnapshot(query, () -> keysetPage(query, keyset, withCount, withPageInfo, true));
		}
		throw new IllegalArgumentException("Use stream() for the unpaginated list");
	}

	/**
	 * Streams every matching row, in order, in keyset batches read from one snapshot: memory stays flat whatever the
	 * row count, and each batch is an index walk that starts at once (a single query for every row would be planned
	 * for its total cost, a full sort, before the first row came out). A list that fits in one batch is one statement,
	 * its own snapshot, with no transaction around it; a longer one is read again from its start in a transaction, with
	 * each batch's users joined in its statement (the names of every user of a long list are not kept in memory).
	 */
	public void stream(AuthTokenQuery query, Consumer<AuthTokenRow> consumer) {
		try {
			streamRows(ledByRarestTerm(query), consumer);
		}
		finally {
			finishTurn();
		}
	}

	private void streamRows(AuthTokenQuery query, Consumer<AuthTokenRow> consumer) {
		AuthTokenPageRequest.Keyset first = new AuthTokenPageRequest.Keyset(STREAM_BATCH, false, null, null);
		List<AuthTokenRow> only = onlyBatch(query.withPage(first));
		if (only != null) {
			finishTurn();
			only.forEach(consumer);
			return;
		}
		inSnapshot(query, () -> {
			streamBatches(query, null, Long.MAX_VALUE, consumer);
			return null;
		});
	}

	/**
	 * Reads, in the caller's snapshot, up to {@code left} rows after {@code after} (from the first when null), in keyset
	 * batches of {@link #STREAM_BATCH}, each an index walk from where the last one ended.
	 */
	private void streamBatches(AuthTokenQuery query, AuthTokenCursor after, long left,
			Consumer<AuthTokenRow> consumer) {
		AuthTokenCursor cursor = after;
		long remaining = left;
		while (remaining > 0) {
			AuthTokenPageRequest.Keyset batch = new AuthTokenPageRequest.Keyset((int) Math.min(remaining, STREAM_BATCH),
					false, cursor, null);
			AuthTokenPage page = keysetPage(query.withPage(batch), batch, false, false, false);
			page.rows().forEach(consumer);
			remaining -= page.rows().size();
			if (!page.hasNext()) {
				return;
			}
			cursor = AuthTokenCursor.of(page.rows().get(page.rows().size() - 1), query.ordering());
		}
	}

	/**
	 * Streams an offset page whose limit is longer than a batch ({@link #STREAM_BATCH}): its count, then its rows, in
	 * order, read in batches from one snapshot as {@link #stream} reads the whole list, so memory stays flat however
	 * many rows the limit lets through (REST takes any limit; {@code limit=99999999999999999999} on 1M tokens ran the
	 * service's 256 MB heap out). The first batch skips the page's offset; the next ones follow the last row read.
	 */
	public void streamPage(AuthTokenQuery query, LongConsumer count, Consumer<AuthTokenRow> consumer) {
		if (!(query.page() instanceof AuthTokenPageRequest.Offset page)) {
			throw new IllegalArgumentException("Only an offset page is streamed with its count");
		}
		try {
			AuthTokenQuery led = ledByRarestTerm(query);
			inSnapshot(led, () -> {
				count.accept(countRows(led));
				long first = Math.min(page.limit(), STREAM_BATCH);
				List<AuthTokenRow> batch = rows(led.withPage(new AuthTokenPageRequest.Offset(first, page.offset())),
						false);
				batch.forEach(consumer);
				if (batch.size() == first && page.limit() > first) {
					streamBatches(led, AuthTokenCursor.of(batch.get(batch.size() - 1), led.ordering()),
							page.limit() - first, consumer);
				}
				return null;
			});
		}
		finally {
			finishTurn();
		}
	}

	/**
	 * An offset page its counted statement found empty, read again by one that gives its count with it (and the page's
	 * rows, should some have come since).
	 */
	private AuthTokenPage countedPage(AuthTokenQuery query) {
		Counted<AuthTokenRow> page = countedRows(this.sql.countedPage(query), AuthTokenService::mapRow);
		return new AuthTokenPage(page.count(), page.rows(), false, false);
	}

	/**
	 * Runs a statement of {@link AuthTokenQueryBuilder#countedRows} or {@link AuthTokenQueryBuilder#countedPage}: the
	 * rows, each mapped from the columns after the count, and the count if any row came (a row of the count and nulls
	 * stands for an empty page).
	 */
	private <T> Counted<T> countedRows(SqlStatement parameterised, ColumnsMapper<T> row) {
		SqlStatement statement = parameterised.withValuesInline();
		List<T> rows = new ArrayList<>();
		Long[] count = { null };
		this.jdbc.query(statement.sql(), rs -> {
			count[0] = rs.getLong(1);
			if (rs.getObject(COUNTED_ROW_ID) != null) {
				rows.add(row.map(rs, 1));
			}
		}, statement.parameterArray());
		return new Counted<>(count[0], rows);
	}

	/** The rows of a counted statement, and their count: null when the statement gave no row. */
	private record Counted<T>(Long count, List<T> rows) {
	}

	/**
	 * Runs the reads in one snapshot. A search's statements are then planned for their own values: the batches of a
	 * stream repeat one statement, and after five runs PostgreSQL may keep a plan made for no value in particular, which
	 * for a term in no key walked the whole index before the cursor looking for one (on 1M tokens the unpaginated
	 * {@code search=ana&ordering=-created_at}, 134,000 rows, took 91 s; a batch 0.13-0.24 s planned, 0.68-2.3 s not).
	 */
	private <T> T inSnapshot(AuthTokenQuery query, Supplier<T> reads) {
		return this.snapshot.execute(status -> {
			this.jdbc.execute(this.sql.snapshot().sql());
			if (!query.search().isEmpty()) {
				SqlStatement customPlans = this.sql.customPlans();
				this.jdbc.query(customPlans.sql(), rs -> {
				}, customPlans.parameterArray());
			}
			return reads.get();
		});
	}

	/**
	 * A keyset page, read in the caller's snapshot. Its count is the page's own rows when the page holds every row (no
	 * cursor, and no row beyond it), else a count statement.
	 */
	private AuthTokenPage keysetPage(AuthTokenQuery query, AuthTokenPageRequest.Keyset keyset, boolean withCount,
			boolean withPageInfo, boolean cachedNames) {
		List<AuthTokenRow> fetched = new ArrayList<>(rows(query, cachedNames));
		boolean more = fetched.size() > keyset.size();
		Long count = null;
		if (withCount) {
			boolean everyRow = !more && keyset.after() == null && keyset.before() == null;
			count = everyRow ? fetched.size() : countRows(query);
		}
		List<AuthTokenRow> rows = new ArrayList<>(more ? fetched.subList(0, keyset.size()) : fetched);
		if (keyset.fromEnd()) {
			Collections.reverse(rows);
		}
		boolean hasNext = !keyset.fromEnd() && more;
		boolean hasPrevious = keyset.fromEnd() && more;
		if (withPageInfo) {
			// Rows excluded by the cursors themselves lie beyond the window too.
			if (!hasNext && keyset.before() != null) {
				hasNext = exists(this.sql.existsBeyond(query, keyset.before(), false));
			}
			if (!hasPrevious && keyset.after() != null) {
				hasPrevious = exists(this.sql.existsBeyond(query, keyset.after(), true));
			}
		}
		return new AuthTokenPage(count, rows, hasNext, hasPrevious);
	}

	/** The exact number of rows matching the query's filter and search. */
	public long count(AuthTokenQuery query) {
		try {
			return countRows(ledByRarestTerm(query));
		}
		finally {
			finishTurn();
		}
	}

	/**
	 * The query with its search led by the term that matches the fewest users, when more than one term could lead (see
	 * {@link AuthTokenSearch}): one short statement, each term's users counted up to {@link #TERM_OWNERS_COUNTED}. On
	 * 1M tokens, {@code search=drew 4425} took 74 ms led by 4425 and 490 ms led by drew.
	 */
	AuthTokenQuery ledByRarestTerm(AuthTokenQuery query) {
		List<String> candidates = query.search().indexedTerms();
		if (candidates.size() < 2) {
			return query;
		}
		SqlStatement statement = this.sql.termOwners(candidates, TERM_OWNERS_COUNTED).withValuesInline();
		long[] owners = this.jdbc.queryForObject(statement.sql(), (rs, rowNum) -> {
			long[] counts = new long[candidates.size()];
			for (int i = 0; i < counts.length; i++) {
				counts[i] = rs.getLong(i + 1);
			}
			return counts;
		}, statement.parameterArray());
		int rarest = 0;
		for (int i = 1; i < owners.length; i++) {
			if (owners[i] < owners[rarest]) {
				rarest = i;
			}
		}
		return query.withSearch(query.search().ledBy(candidates.get(rarest)));
	}

	/**
	 * The request is done with the database: its turn's permit goes back before its response is written (see
	 * {@link QueryGate#finishTurn()}).
	 */
	private void finishTurn() {
		if (this.gate != null) {
			this.gate.finishTurn();
		}
	}

	private long countRows(AuthTokenQuery query) {
		SqlStatement statement = this.sql.count(query).withValuesInline();
		Long count = this.jdbc.queryForObject(statement.sql(), Long.class, statement.parameterArray());
		return count == null ? 0 : count;
	}

	/**
	 * The rows of the query's page. With {@code cachedNames} (and the cache on), the statement leaves the users out
	 * and the rows take their names from {@link UserNamesCache}, reading the ones it lacks at the rows' version; if a
	 * user's names changed between the two statements, the page is read again with its users joined.
	 */
	private List<AuthTokenRow> rows(AuthTokenQuery query, boolean cachedNames) {
		List<AuthTokenRow> named = (cachedNames && namesFromMemory()) ? named(unnamedRows(query)) : null;
		return (named != null) ? named : joinedRows(query);
	}

	/**
	 * The rows of a stream's first batch ({@code batch}) when they are the whole list, named as a page's are; null when
	 * the list is longer. A longer list is read again from its start in a transaction, so the users of this batch are
	 * then neither looked up nor kept.
	 */
	private List<AuthTokenRow> onlyBatch(AuthTokenQuery batch) {
		if (namesFromMemory()) {
			List<UnnamedRow> unnamed = unnamedRows(batch);
			if (unnamed.size() > STREAM_BATCH) {
				return null;
			}
			List<AuthTokenRow> named = named(unnamed);
			if (named != null) {
				return named;
			}
		}
		List<AuthTokenRow> joined = joinedRows(batch);
		return (joined.size() > STREAM_BATCH) ? null : joined;
	}

	private List<UnnamedRow> unnamedRows(AuthTokenQuery query) {
		SqlStatement statement = this.sql.rows(query, UserNamesSource.BY_VERSION).withValuesInline();
		return this.jdbc.query(statement.sql(), (rs, rowNum) -> mapUnnamedRow(rs, 0), statement.parameterArray());
	}

	private List<AuthTokenRow> joinedRows(AuthTokenQuery query) {
		SqlStatement statement = this.sql.rows(query).withValuesInline();
		return this.jdbc.query(statement.sql(), ROW_MAPPER, statement.parameterArray());
	}

	/**
	 * Whether pages take their users' names from memory: the cache is on and the database has the V8 migration's
	 * version (without it, a WARN once, and every page joins its users).
	 */
	private boolean namesFromMemory() {
		if (!this.userNames.isOn()) {
			return false;
		}
		Boolean exists = this.userNamesVersion;
		if (exists == null) {
			SqlStatement statement = this.sql.userNamesVersionExists();
			exists = Boolean.TRUE.equals(
					this.jdbc.queryForObject(statement.sql(), Boolean.class, statement.parameterArray()));
			if (!exists) {
				log.warn("Every page reads its users' names: the database lacks the V8 migration's user_names_version "
						+ "(apply it; tokengate.user-names-cache.capacity=0 does the same without this warning)");
			}
			this.userNamesVersion = exists;
		}
		return exists;
	}

	/**
	 * The rows with their users' names as of the rows' version: from the cache, and for the users it lacks, read from
	 * the database (and kept). Null if those could not be read at the rows' version (a user's names changed, or a
	 * user went, after the rows were read): the caller then reads the page again with its users joined.
	 */
	private List<AuthTokenRow> named(List<UnnamedRow> rows) {
		if (rows.isEmpty()) {
			return List.of();
		}
		Long version = rows.get(0).version();
		if (version == null) {
			// The version's row is gone (V8 keeps one, and the service never writes): nothing tells names apart.
			return null;
		}
		Map<Long, UserNamesCache.UserNames> known = this.userNames.at(version);
		UserNamesCache.UserNames[] names = new UserNamesCache.UserNames[rows.size()];
		Set<Long> missing = new LinkedHashSet<>();
		for (int i = 0; i < names.length; i++) {
			names[i] = known.get(rows.get(i).userId());
			if (names[i] == null) {
				missing.add(rows.get(i).userId());
			}
		}
		if (!missing.isEmpty()) {
			Map<Long, UserNamesCache.UserNames> read = readNames(missing, version);
			if (read == null) {
				return null;
			}
			this.userNames.addAll(known, read);
			for (int i = 0; i < names.length; i++) {
				if (names[i] == null) {
					names[i] = read.get(rows.get(i).userId());
				}
			}
		}
		List<AuthTokenRow> named = new ArrayList<>(rows.size());
		for (int i = 0; i < names.length; i++) {
			UnnamedRow row = rows.get(i);
			named.add(new AuthTokenRow(row.id(), row.key(), row.userId(), names[i].username(), names[i].firstName(),
					names[i].lastName(), row.createdAt(), row.updatedAt()));
		}
		return named;
	}

	/** The names of the users, if every one of them was read at {@code version}; else null. */
	private Map<Long, UserNamesCache.UserNames> readNames(Set<Long> userIds, long version) {
		SqlStatement statement = this.sql.userNames(userIds);
		Map<Long, UserNamesCache.UserNames> read = new HashMap<>();
		boolean[] sameVersion = { true };
		this.jdbc.query(statement.sql(), rs -> {
			sameVersion[0] &= (rs.getLong(1) == version) && !rs.wasNull();
			read.put(rs.getLong(2), new UserNamesCache.UserNames(rs.getString(3), rs.getString(4), rs.getString(5)));
		}, statement.parameterArray());
		return (sameVersion[0] && read.keySet().containsAll(userIds)) ? read : null;
	}

	/** A row of {@link AuthTokenQueryBuilder#rows} without its user's names, whose columns start after {@code skip}. */
	private static UnnamedRow mapUnnamedRow(ResultSet rs, int skip) throws SQLException {
		return new UnnamedRow(rs.getObject(skip + 1, Long.class), rs.getLong(skip + 2), rs.getString(skip + 3),
				rs.getLong(skip + 4), rs.getObject(skip + 5, OffsetDateTime.class).toInstant(),
				rs.getObject(skip + 6, OffsetDateTime.class).toInstant());
	}

	/** Maps a row from the columns after the first {@code skip}. */
	@FunctionalInterface
	private interface ColumnsMapper<T> {

		T map(ResultSet rs, int skip) throws SQLException;

	}

	/** A token without its user's names, and the version of the users' names its statement read (null if none). */
	private record UnnamedRow(Long version, long id, String key, long userId, Instant createdAt, Instant updatedAt) {
	}

	/** A row of {@link AuthTokenQueryBuilder#rows}, whose columns start after {@code skip} others. */
	private static AuthTokenRow mapRow(ResultSet rs, int skip) throws SQLException {
		return new AuthTokenRow(rs.getLong(skip + 1), rs.getString(skip + 2), rs.getLong(skip + 3),
				rs.getString(skip + 4), rs.getString(skip + 5), rs.getString(skip + 6),
				rs.getObject(skip + 7, OffsetDateTime.class).toInstant(),
				rs.getObject(skip + 8, OffsetDateTime.class).toInstant());
	}

	private boolean exists(SqlStatement condition) {
		SqlStatement statement = condition.withValuesInline();
		return Boolean.TRUE.equals(this.jdbc.queryForObject(statement.sql(), Boolean.class, statement.parameterArray()));
	}

}
