package dev.tokengate.token;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Timestamps as DRF's DateTimeField writes them in UTC: {@code 2025-07-05T10:59:55.523645Z}, six fraction digits, or
 * none at all when the microseconds are zero ({@code 2025-01-01T00:00:00Z}). REST and GraphQL both use this.
 */
public final class AuthTokenTimestamps {

	private AuthTokenTimestamps() {
	}

	public static String format(Instant instant) {
		LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		StringBuilder out = new StringBuilder(27);
		pad(out, t.getYear(), 4).append('-');
		pad(out, t.getMonthValue(), 2).append('-');
		pad(out, t.getDayOfMonth(), 2).append('T');
		pad(out, t.getHour(), 2).append(':');
		pad(out, t.getMinute(), 2).append(':');
		pad(out, t.getSecond(), 2);
		int micros = t.getNano() / 1000;
		if (micros != 0) {
			pad(out.append('.'), micros, 6);
		}
		return out.append('Z').toString();
	}

	private static StringBuilder pad(StringBuilder out, int value, int width) {
		String digits = Integer.toString(value);
		for (int i = digits.length(); i < width; i++) {
			out.append('0');
		}
		return out.append(digits);
	}

}
