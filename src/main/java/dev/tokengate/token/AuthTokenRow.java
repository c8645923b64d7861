package dev.tokengate.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One token with the fields of its user that the list shows. */
public record AuthTokenRow(long id, String key, long userId, String username, String firstName, String lastName,
		Instant createdAt, Instant updatedAt) {

	/** Django's {@code get_full_name()}: first and last name joined by a space, stripped. */
	public String fullName() {
		return PythonWhitespace.strip(this.firstName + " " + this.lastName);
	}

	/** The value this row sorts by for {@code field}, as stored in a cursor. */
	public long sortValue(AuthTokenOrderField field) {
		return switch (field) {
			case ID -> this.id;
			case USER -> this.userId;
			case CREATED_AT -> epochMicros(this.createdAt);
			case UPDATED_AT -> epochMicros(this.updatedAt);
		};
	}

	static long epochMicros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

}
