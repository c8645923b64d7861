package dev.tokengate.graphql;

import java.util.List;

import dev.tokengate.graphql.AuthTokenGraph.AuthToken;
import dev.tokengate.graphql.AuthTokenGraph.AuthTokenConnection;
import dev.tokengate.graphql.AuthTokenGraph.AuthTokenEdge;
import dev.tokengate.graphql.AuthTokenGraph.PageInfo;
import dev.tokengate.token.AuthTokenCursor;
import dev.tokengate.token.AuthTokenFilter;
import dev.tokengate.token.AuthTokenOrder;
import dev.tokengate.token.AuthTokenPage;
import dev.tokengate.token.AuthTokenPageRequest;
import dev.tokengate.token.AuthTokenQuery;
import dev.tokengate.token.AuthTokenSearch;
import dev.tokengate.token.AuthTokenService;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/**
 * The two queries. Each turns its arguments into the same query model as the REST list and asks the same service;
 * GraphQL is strict where REST is lenient, so out-of-range arguments are errors instead of being ignored.
 */
@Controller
@PreAuthorize("hasAuthority('ROLE_STAFF')")
public class AuthTokenGraphQlController {

	static final int MAX_PAGE_SIZE = 1000;

	/**
	 * The most different words a search may have. Each is a condition of six parameters (a statement takes 65535 at
	 * most: 11,000 words could not run) and a scan of the users; a hundred is more than anyone types.
	 */
	static final int MAX_SEARCH_WORDS = 100;

	private static final int DEFAULT_PAGE_SIZE = 100;

	private final AuthTokenService tokens;

	private final CursorCodec cursors;

	public AuthTokenGraphQlController(AuthTokenService tokens, CursorCodec cursors) {
		this.tokens = tokens;
		this.cursors = cursors;
	}

	@QueryMapping
	public AuthTokenGraph.AuthTokenPage authTokens(@Argument String search, @Argument Integer limit,
			@Argument Integer offset, DataFetchingEnvironment environment, DataFetchingFieldSelectionSet selection) {
		if (environment.getGraphQlContext().get(DirectAuthTokens.FAILURE) instanceof RuntimeException failure) {
			// DirectAuthTokens asked for this page and it failed: reported here, without asking the database again.
			throw failure;
		}
		return authTokens(search, limit, offset, GraphQlInputs.filter(environment), GraphQlInputs.ordering(environment),
				selection.contains("results"), selection.contains("totalCount"));
	}

	/**
	 * The page of {@code authTokens} for coerced arguments, with the rows only if {@code results} is selected and the
	 * count only if {@code totalCount} is; also what {@link DirectAuthTokens} answers plain documents with. Public, so
	 * that the staff rule is checked on this call too.
	 */
	public AuthTokenGraph.AuthTokenPage authTokens(String search, Integer limit, Integer offset, AuthTokenFilter filter,
			List<AuthTokenOrder> ordering, boolean withResults, boolean withTotalCount) {
		int size = pageSize("limit", limit == null ? DEFAULT_PAGE_SIZE : limit);
		int skip = offset == null ? 0 : offset;
		if (skip < 0) {
			throw new InvalidArgumentException("offset", "must be 0 or more, got " + skip);
		}
		AuthTokenQuery query = new AuthTokenQuery(filter, search(search), ordering,
				new AuthTokenPageRequest.Offset(size, skip));
		if (!withResults) {
			Long count = withTotalCount ? this.tokens.count(query) : null;
			return new AuthTokenGraph.AuthTokenPage(toInt(count), size, skip, List.of());
		}
		AuthTokenPage page = this.tokens.find(query, withTotalCount, false);
		return new AuthTokenGraph.AuthTokenPage(toInt(page.count()), size, skip,
				page.rows().stream().map(AuthToken::of).toList());
	}

	@QueryMapping
	public AuthTokenConnection authTokenConnection(@Argument String search, @Argument Integer first,
			@Argument String after, @Argument Integer last, @Argument String before, DataFetchingEnvironment environment,
			DataFetchingFieldSelectionSet selection) {
		if (first != null && last != null) {
			throw new InvalidArgumentException("last", "give either 'first' or 'last', not both");
		}
		boolean fromEnd = last != null;
		int size = fromEnd ? pageSize("last", last) : pageSize("first", first == null ? DEFAULT_PAGE_SIZE : first);
		AuthTokenQuery query = new AuthTokenQuery(GraphQlInputs.filter(environment), search(search),
				GraphQlInputs.ordering(environment), null);
		AuthTokenCursor afterCursor = after == null ? null : this.cursors.decode("after", after, query.ordering());
		AuthTokenCursor beforeCursor = before == null ? null : this.cursors.decode("before", before, query.ordering());
		query = query.withPage(new AuthTokenPageRequest.Keyset(size, fromEnd, afterCursor, beforeCursor));
		boolean withPageInfo = selection.contains("pageInfo/hasNextPage")
				|| selection.contains("pageInfo/hasPreviousPage");
		AuthTokenPage page = this.tokens.find(query, selection.contains("totalCount"), withPageInfo);
		List<AuthTokenOrder> order = query.ordering();
		List<AuthTokenEdge> edges = page.rows()
			.stream()
			.map(row -> new AuthTokenEdge(this.cursors.encode(order, AuthTokenCursor.of(row, order)), AuthToken.of(row)))
			.toList();
		PageInfo pageInfo = new PageInfo(page.hasNext(), page.hasPrevious(),
				edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
		return new AuthTokenConnection(toInt(page.count()), edges, pageInfo);
	}

	private static AuthTokenSearch search(String search) {
		AuthTokenSearch parsed = AuthTokenSearch.parse(search);
		if (parsed.terms().size() > MAX_SEARCH_WORDS) {
			throw new InvalidArgumentException("search",
					"at most " + MAX_SEARCH_WORDS + " different words, got " + parsed.terms().size());
		}
		return parsed;
	}

	private static int pageSize(String argument, int value) {
		if (value < 1 || value > MAX_PAGE_SIZE) {
			throw new InvalidArgumentException(argument, "must be between 1 and " + MAX_PAGE_SIZE + ", got " + value);
		}
		return value;
	}

	private static Integer toInt(Long count) {
		return count == null ? null : Math.toIntExact(count);
	}

}
