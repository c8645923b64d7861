package dev.tokengate.token;

/**
 * The fields the list may be ordered by, with the column each one sorts on. The columns are the only identifiers the
 * query builder puts into ORDER BY and keyset conditions.
 */
public enum AuthTokenOrderField {

	ID("t.id", "id"), CREATED_AT("t.created_at", "created_at"), UPDATED_AT("t.updated_at", "updated_at"),
	USER("t.user_id", "user");

	private final String column;

	private final String legacyName;

	AuthTokenOrderField(String column, String legacyName) {
		this.column = column;
		this.legacyName = legacyName;
	}

	/** The SQL column, qualified with the auth_tokens alias. */
	public String column() {
		return this.column;
	}

	/** The name the legacy {@code ordering} parameter uses. */
	public String legacyName() {
		return this.legacyName;
	}

	public boolean isTimestamp() {
		return this == CREATED_AT || this == UPDATED_AT;
	}

	/** The field named {@code name} in the legacy {@code ordering} parameter (case-sensitive), or null. */
	public static AuthTokenOrderField fromLegacyName(String name) {
		for (AuthTokenOrderField field : values()) {
			if (field.legacyName.equals(name)) {
				return field;
			}
		}
		return null;
	}

}
