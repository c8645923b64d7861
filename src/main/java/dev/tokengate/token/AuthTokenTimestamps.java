package dev.tokengate.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Timestamps as DRF's DateTimeField writes them in UTC: {@code 2025-07-05T10:59:55.523645Z}, six fraction digits, or
 * none at all when the microseconds are zero ({@code 2025-01-01T00:00:00Z}). REST and GraphQL both use this.
 */
public final class AuthTokenTimestamps {

	/** The longest timestamp {@link #write} writes: a four-digit year with six fraction digits. */
	public static final int MAX_LENGTH = 27;

	private static final int SECONDS_PER_DAY = 86_400;

	private AuthTokenTimestamps() {
	}

	public static String format(Instant instant) {
		byte[] out = new byte[MAX_LENGTH];
		int length = write(instant, out, 0);
		return length < 0 ? formatAnyYear(instant) : new String(out, 0, length, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Writes the timestamp as ASCII into {@code out} from {@code at} (which must have {@link #MAX_LENGTH} bytes
	 * free), digit by digit: the list writes two per row, and this is what keeps them cheap.
	 * @return the position after the last byte written, or -1 (nothing written) for a year outside 0-9999
	 */
	public static int write(Instant instant, byte[] out, int at) {
		long seconds = instant.getEpochSecond();
		LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
		int year = date.getYear();
		if (year < 0 || year > 9999) {
			return -1;
		}
		int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
		int p = digits(out, at, year, 4);
		out[p++] = '-';
		p = digits(out, p, date.getMonthValue(), 2);
		out[p++] = '-';
		p = digits(out, p, date.getDayOfMonth(), 2);
		out[p++] = 'T';
		p = digits(out, p, secondOfDay / 3600, 2);
		out[p++] = ':';
		p = digits(out, p, secondOfDay / 60 % 60, 2);
		out[p++] = ':';
		p = digits(out, p, secondOfDay % 60, 2);
		int micros = instant.getNano() / 1000;
		if (micros != 0) {
			out[p++] = '.';
			p = digits(out, p, micros, 6);
		}
		out[p++] = 'Z';
		return p;
	}

	/** {@code value} (not negative) in exactly {@code width} digits, zero-padded. */
	private static int digits(byte[] out, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			out[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		return at + width;
	}

	/** The same fields for a year {@link #write} does not take (PostgreSQL's range is wider than Python's). */
	private static String formatAnyYear(Instant instant) {
		LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		StringBuilder out = new StringBuilder(32);
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
