package dev.tokengate.token;

/** Which rows of the ordered result a query asks for. */
public sealed interface AuthTokenPageRequest {

	/** Every row (the legacy unpaginated list). */
	record All() implements AuthTokenPageRequest {
	}

	/** {@code limit} rows after skipping {@code offset}; both non-negative. */
	record Offset(long limit, long offset) implements AuthTokenPageRequest {

		public Offset {
			if (limit < 0 || offset < 0) {
				throw new IllegalArgumentException("limit and offset must not be negative");
			}
		}

	}

	/**
	 * Up to {@code size} rows strictly after {@code after} and strictly before {@code before} (either may be null), the
	 * first ones of that range, or the last ones when {@code fromEnd}.
	 */
	record Keyset(int size, boolean fromEnd, AuthTokenCursor after, AuthTokenCursor before)
			implements AuthTokenPageRequest {

		public Keyset {
			if (size < 0) {
				throw new IllegalArgumentException("size must not be negative");
			}
		}

	}

}
