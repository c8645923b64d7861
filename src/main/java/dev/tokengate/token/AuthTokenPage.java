package dev.tokengate.token;

import java.util.List;

/**
 * The answer to a paged query: the rows, the exact count when it was asked for (else null), and whether rows exist
 * beyond the page in each direction (for keyset pages, when asked for; else false).
 */
public record AuthTokenPage(Long count, List<AuthTokenRow> rows, boolean hasNext, boolean hasPrevious) {

	public AuthTokenPage {
		rows = List.copyOf(rows);
	}

}
