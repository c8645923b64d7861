package dev.tokengate.rest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokengate.token.PythonWhitespace;

/**
 * Dates as Django's DateField read them: the value stripped, then each of Django's default
 * {@code DATE_INPUT_FORMATS} tried in order with Python's {@code strptime} rules (1- or 2-digit month and day, a
 * 4-digit {@code %Y}, a 2-digit {@code %y} pivoting at 69, English month names in any case, any whitespace run where
 * the format has a space, nothing left over).
 */
final class DjangoDates {

	private static final List<String> INPUT_FORMATS = List.of("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%b %d %Y",
			"%b %d, %Y", "%d %b %Y", "%d %b, %Y", "%B %d %Y", "%B %d, %Y", "%d %B %Y", "%d %B, %Y");

	private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
			"august", "september", "october", "november", "december");

	private static final String DIGIT = "\\p{Nd}";

	/** Python's {@code \s}: the characters for which {@code str.isspace()} is true. */
	private static final String SPACE = "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+";

	private static final List<Format> FORMATS = INPUT_FORMATS.stream().map(Format::compile).toList();

	private DjangoDates() {
	}

	/** The date, or null when Django answers "Enter a valid date.". */
	static LocalDate parse(String value) {
		String text = PythonWhitespace.strip(value);
		for (Format format : FORMATS) {
			LocalDate date = format.parse(text);
			if (date != null) {
				return date;
			}
		}
		return null;
	}

	private record Format(Pattern pattern, List<Character> fields) {

		static Format compile(String format) {
			StringBuilder regex = new StringBuilder();
			List<Character> fields = new ArrayList<>();
			for (int i = 0; i < format.length(); i++) {
				char c = format.charAt(i);
				if (c == '%') {
					char directive = format.charAt(++i);
					fields.add(directive);
					regex.append(switch (directive) {
						case 'Y' -> "(" + DIGIT + "{4})";
						case 'y' -> "(" + DIGIT + "{2})";
						case 'm' -> "(1[0-2]|0[1-9]|[1-9])";
						case 'd' -> "(3[01]|[12]" + DIGIT + "|0[1-9]|[1-9]| [1-9])";
						case 'b' -> "(" + alternatives(true) + ")";
						case 'B' -> "(" + alternatives(false) + ")";
						default -> throw new IllegalArgumentException(format);
					});
				}
				else if (c == ' ') {
					regex.append(SPACE);
				}
				else {
					regex.append(Pattern.quote(String.valueOf(c)));
				}
			}
			return new Format(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
					List.copyOf(fields));
		}

		/** Longest names first, as Python's {@code _strptime} builds its alternations. */
		private static String alternatives(boolean abbreviated) {
			return MONTHS.stream()
				.map(m -> abbreviated ? m.substring(0, 3) : m)
				.sorted((a, b) -> b.length() - a.length())
				.reduce((a, b) -> a + "|" + b)
				.orElseThrow();
		}

		LocalDate parse(String text) {
			// re.match then "unconverted data remains": the first match the regex engine finds must span the text.
			Matcher m = this.pattern.matcher(text);
			if (!m.lookingAt() || m.end() != text.length()) {
				return null;
			}
			int year = 0;
			int month = 0;
			int day = 0;
			for (int g = 0; g < this.fields.size(); g++) {
				String group = m.group(g + 1);
				switch (this.fields.get(g)) {
					case 'Y' -> year = number(group);
					case 'y' -> {
						int y = number(group);
						year = y <= 68 ? 2000 + y : 1900 + y;
					}
					case 'm' -> month = number(group);
					case 'd' -> day = number(group.strip());
					default -> month = monthOf(group);
				}
			}
			if (year < 1) {
				return null;
			}
			try {
				return LocalDate.of(year, month, day);
			}
			catch (DateTimeException ex) {
				return null;
			}
		}

		private static int number(String digits) {
			return digits.codePoints().reduce(0, (value, cp) -> value * 10 + Character.digit(cp, 10));
		}

		/**
		 * _strptime looks the matched name up with {@code .lower()}: a name the case-insensitive pattern matched only
		 * through a Unicode case fold ("Auguſt", "Aprıl") is not in the list, strptime raises ValueError and the
		 * format does not apply (0, an invalid month).
		 */
		private static int monthOf(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			for (int i = 0; i < MONTHS.size(); i++) {
				if (MONTHS.get(i).equals(lower) || MONTHS.get(i).substring(0, 3).equals(lower)) {
					return i + 1;
				}
			}
			return 0;
		}

	}

}
