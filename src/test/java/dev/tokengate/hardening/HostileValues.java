package dev.tokengate.hardening;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random hostile values from a seeded {@link Random}: numbers of every size and form, dates valid and not, text with
 * control characters, NUL, LIKE wildcards, quotes, SQL fragments, every Unicode plane, and very long strings.
 */
final class HostileValues {

	static final List<String> SQL_FRAGMENTS = List.of("' OR '1'='1", "'; DROP TABLE auth_tokens; --",
			"1; DELETE FROM users", "\" OR \"\"=\"", "') UNION SELECT key FROM auth_tokens --", "$$;$$", "E'\\x00'",
			"::text", "/*", "*/", "--", "1)) OR ((1=1", "pg_sleep(10)", "%' AND 1=CAST(version() AS int) --",
			"\\'; COMMIT; TRUNCATE users; --", "ARRAY[1,2]", "?", "$1", "'||'", "\\\\x27", "NULL", "\\N");

	private static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "+2", " 3 ", "\t4\n", "1.5", "-1.5", ".5",
			"5.", "1e3", "1E3", "1e-3", "-1e3", "1e999999999999999999", "1e-999999999999999999", "1e1000000000000000000",
			"99999999999999999999", "-99999999999999999999", "9223372036854775807", "9223372036854775808",
			"-9223372036854775808", "-9223372036854775809", "2147483647", "2147483648", "1_000", "1__0", "_1", "1_",
			"\u0661\u0662\u0663", "\uff11\uff12", "NaN", "Infinity", "-inf", "sNaN", "0x10", "0o7", "0b1", "1,5", "1 000",
			"--1", "+-1", "", " ", "\u00a0", "\u00a07\u00a0", "\u001c8", "1e", "e3", ".", "-", "+");

	private static final List<String> DATES = List.of("2025-08-06", "2025-8-6", "08/06/2025", "8/6/25", "Aug 6 2025",
			"Aug 6, 2025", "6 August, 2025", "aUgUsT 06 2025", "9999-12-31", "0001-01-01", "0000-01-01", "10000-01-01",
			"2025-02-29", "2024-02-29", "2025-02-30", "2025-13-01", "2025-00-10", "2025-1-32", "99/99/9999", "12/31/69",
			"01/01/68", "Auguſt 6 2025", "Aprıl 1 2025", "\u0662\u0660\u0662\u0665-08-06", " 2025-08-06 ", "2025-08-06T00:00",
			"2025-08-06 00:00", "now", "today", "yesterday", "-2025-01-01", "+2025-01-01", "2025\u201308\u201306");

	private static final List<String> WEIRD = List.of("\u0000", "\u0001", "\u0007", "\u0008", "\u001b[31m", "\r\n",
			"\u007f", "\u0085", "\u00a0", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff",
			"\ud83d\ude00", "\ud800", "\udfff", "\u0301", "\u4e2d\u6587", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
			"\u00e9", "e\u0301", "\u0130", "\u0131", "\u017f", "\u1e9e", "\u00df", "%", "_", "\\", "%%", "__", "\\%",
			"\\_", "'", "\"", "`", "''", "\\'", ",", " ", "\t", ";", "&", "=", "+", "#", "<script>", "{", "}", "[", "]",
			"${jndi:ldap://x}", "{{7*7}}", "../..", "\u0000\u0000\u0000");

	private static final String FIELDS = "id,created_at,updated_at,user,key,username,pk,-,--id,- id, id ,ID,user_id,"
		+ "?,'id',id;,id desc,-user,-created_at,-updated_at,random";

	private final Random random;

	HostileValues(Random random) {
		this.random = random;
	}

	Random random() {
		return this.random;
	}

	boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	<T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	/** A value for a numeric parameter. */
	String number() {
		return switch (this.random.nextInt(6)) {
			case 0 -> Long.toString(this.random.nextLong());
			case 1 -> Integer.toString(this.random.nextInt(6000) - 500);
			case 2 -> "9".repeat(1 + this.random.nextInt(this.random.nextBoolean() ? 30 : 2000));
			case 3 -> this.random.nextInt(100) + "e" + (this.random.nextInt(40) - 20);
			case 4 -> mix(pick(NUMBERS), 2);
			default -> pick(NUMBERS);
		};
	}

	/** A value for a date parameter. */
	String date() {
		return switch (this.random.nextInt(5)) {
			case 0 -> String.format("%04d-%02d-%02d", this.random.nextInt(10000), this.random.nextInt(14),
					this.random.nextInt(33));
			case 1 -> String.format("%d/%d/%d", this.random.nextInt(14), this.random.nextInt(33), this.random.nextInt(3000));
			case 2 -> mix(pick(DATES), 2);
			default -> pick(DATES);
		};
	}

	/** A value for {@code ordering}. */
	String ordering() {
		String[] fields = FIELDS.split(",", -1);
		StringBuilder out = new StringBuilder();
		int terms = this.random.nextInt(this.chance(0.05) ? 300 : 5);
		for (int i = 0; i < terms; i++) {
			if (i > 0) {
				out.append(this.chance(0.9) ? "," : pick(WEIRD));
			}
			out.append(chance(0.8) ? fields[this.random.nextInt(fields.length)] : text(6));
		}
		return out.toString();
	}

	/** Free text: search terms, unknown parameters, names. */
	String text(int maxParts) {
		StringBuilder out = new StringBuilder();
		int parts = 1 + this.random.nextInt(Math.max(1, maxParts));
		for (int i = 0; i < parts; i++) {
			switch (this.random.nextInt(9)) {
				case 0 -> out.append(pick(SQL_FRAGMENTS));
				case 1, 2 -> out.append(pick(WEIRD));
				case 3 -> out.append(pick(List.of("alex", "Alex", "ALEX", "d'arcy", "María", "\u7530\u4e2d", "staff", "admin",
						"a0000000000000000000000000000000000admin", "0", "1", "42", "_390", "100%", "a_b", "")));
				case 4 -> out.appendCodePoint(anyCodePoint());
				case 5 -> out.append(' ');
				case 6 -> out.append(randomAscii(1 + this.random.nextInt(8)));
				case 7 -> out.append(pick(NUMBERS));
				default -> out.append(pick(DATES));
			}
		}
		if (chance(0.02)) {
			// Very long values: thousands of words, or one long word.
			String unit = chance(0.5) ? pick(List.of("a ", "%", "_,", "\u00e9 ", "x\\")) : out.toString();
			out.append(unit.repeat(1 + this.random.nextInt(Math.max(1, 3000 / Math.max(1, unit.length())))));
		}
		return out.toString();
	}

	/** Any Unicode code point, unassigned and private ones included; surrogates come through {@link #WEIRD}. */
	int anyCodePoint() {
		int cp;
		do {
			cp = switch (this.random.nextInt(4)) {
				case 0 -> this.random.nextInt(0x80);
				case 1 -> this.random.nextInt(0x800);
				case 2 -> this.random.nextInt(0x10000);
				default -> this.random.nextInt(0x110000);
			};
		}
		while (cp >= 0xD800 && cp <= 0xDFFF);
		return cp;
	}

	String randomAscii(int length) {
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append((char) (0x20 + this.random.nextInt(0x5F)));
		}
		return out.toString();
	}

	/** The value with a few random characters inserted, deleted or replaced. */
	String mix(String value, int edits) {
		StringBuilder out = new StringBuilder(value);
		for (int i = 0; i < edits; i++) {
			int at = out.length() == 0 ? 0 : this.random.nextInt(out.length());
			switch (this.random.nextInt(3)) {
				case 0 -> out.insert(at, pick(WEIRD));
				case 1 -> {
					if (out.length() > 0) {
						out.deleteCharAt(at);
					}
				}
				default -> {
					if (out.length() > 0) {
						out.setCharAt(at, (char) anyCodePoint());
					}
				}
			}
		}
		return out.toString();
	}

	/**
	 * The value percent-encoded for a query string, mostly correctly (UTF-8, {@code +} or {@code %20} for spaces,
	 * unreserved characters raw), sometimes with the characters Tomcat accepts raw left raw, sometimes with invalid
	 * escapes and invalid UTF-8 sequences spliced in.
	 */
	String encode(String value) {
		boolean rawSafe = chance(0.2);
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (isUnreserved(c) || (rawSafe && "'\"<>[\\]^`{|}!$()*,;:@/?".indexOf(c) >= 0)) {
				out.append((char) c);
			}
			else if (c == ' ') {
				out.append(chance(0.5) ? "+" : "%20");
			}
			else {
				out.append('%').append(String.format(chance(0.5) ? "%02X" : "%02x", c));
			}
		}
		if (chance(0.15)) {
			int at = out.length() == 0 ? 0 : this.random.nextInt(out.length() + 1);
			out.insert(at, pick(List.of("%", "%Z", "%Z1", "%1", "%%", "%E9", "%C3", "%C3%28", "%ED%A0%80", "%ED%BF%BF",
					"%F4%90%80%80", "%F0%9F%98", "%C0%AF", "%C0%80", "%FF%FE", "%80", "%BF", "%EF%BF%BF", "%F8%88%80%80%80",
					"%u0041", "%00", "%0A", "%0D", "%25", "%2B", "%26", "%3D", "+", "%%%")));
		}
		return out.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
