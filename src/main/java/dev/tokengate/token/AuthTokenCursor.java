package dev.tokengate.token;

import java.util.List;

/**
 * A position in an ordering: the values of the row's ordering fields, in the order of the normalized ordering.
 * Ids are longs, timestamps are epoch microseconds.
 */
public record AuthTokenCursor(List<Long> values) {

	public AuthTokenCursor {
		values = List.copyOf(values);
	}

	/** The cursor of {@code row} in {@code ordering}. */
	public static AuthTokenCursor of(AuthTokenRow row, List<AuthTokenOrder> ordering) {
		return new AuthTokenCursor(ordering.stream().map(order -> row.sortValue(order.field())).toList());
	}

}
