package dev.tokengate.token;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One ordering term. */
public record AuthTokenOrder(AuthTokenOrderField field, SortDirection direction) {

	public static final AuthTokenOrder ID_ASC = new AuthTokenOrder(AuthTokenOrderField.ID, SortDirection.ASC);

	public AuthTokenOrder {
		if (field == null) {
			throw new IllegalArgumentException("field is required");
		}
		direction = direction == null ? SortDirection.ASC : direction;
	}

	public AuthTokenOrder reversed() {
		return new AuthTokenOrder(this.field, this.direction.reversed());
	}

	/**
	 * The total order the list is sorted by: the requested terms, each field once (a repeated field cannot change the
	 * order), up to {@code id}, which is unique; when {@code id} is absent it is appended ascending. The legacy service
	 * left ties to the database; breaking them by id is what lets pages never skip or repeat a row.
	 */
	public static List<AuthTokenOrder> normalize(List<AuthTokenOrder> requested) {
		List<AuthTokenOrder> ordering = new ArrayList<>();
		Set<AuthTokenOrderField> seen = EnumSet.noneOf(AuthTokenOrderField.class);
		for (AuthTokenOrder order : requested) {
			if (seen.add(order.field())) {
				ordering.add(order);
				if (order.field() == AuthTokenOrderField.ID) {
					return List.copyOf(ordering);
				}
			}
		}
		ordering.add(ID_ASC);
		return List.copyOf(ordering);
	}

}
