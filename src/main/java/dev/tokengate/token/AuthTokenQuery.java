package dev.tokengate.token;

import java.util.List;

/**
 * One request for the list, whichever API it came from: filter, search, ordering (normalized to a total order ending
 * in id) and page.
 */
public record AuthTokenQuery(AuthTokenFilter filter, AuthTokenSearch search, List<AuthTokenOrder> ordering,
		AuthTokenPageRequest page) {

	public AuthTokenQuery {
		filter = filter == null ? AuthTokenFilter.NONE : filter;
		search = search == null ? AuthTokenSearch.NONE : search;
		ordering = AuthTokenOrder.normalize(ordering == null ? List.of() : ordering);
		page = page == null ? new AuthTokenPageRequest.All() : page;
	}

	public AuthTokenQuery withPage(AuthTokenPageRequest page) {
		return new AuthTokenQuery(this.filter, this.search, this.ordering, page);
	}

	public AuthTokenQuery withSearch(AuthTokenSearch search) {
		return new AuthTokenQuery(this.filter, search, this.ordering, this.page);
	}

}
