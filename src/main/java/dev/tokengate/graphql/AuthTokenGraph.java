package dev.tokengate.graphql;

import java.time.Instant;
import java.util.List;

import dev.tokengate.token.AuthTokenRow;

/** The GraphQL object types, as records whose components are the schema's fields. */
final class AuthTokenGraph {

	private AuthTokenGraph() {
	}

	record AuthToken(String id, String key, UserData userData, Instant createdAt, Instant updatedAt) {

		static AuthToken of(AuthTokenRow row) {
			return new AuthToken(Long.toString(row.id()), row.key(),
					new UserData(Long.toString(row.userId()), row.username(), row.fullName()), row.createdAt(),
					row.updatedAt());
		}

	}

	record UserData(String id, String username, String fullName) {
	}

	record AuthTokenPage(Integer totalCount, int limit, int offset, List<AuthToken> results) {
	}

	record AuthTokenConnection(Integer totalCount, List<AuthTokenEdge> edges, PageInfo pageInfo) {
	}

	record AuthTokenEdge(String cursor, AuthToken node) {
	}

	record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
	}

}
