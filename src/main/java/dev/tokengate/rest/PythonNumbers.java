package dev.tokengate.rest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokengate.token.PythonWhitespace;

/**
 * Numbers as the legacy service parsed them: {@code int()} for {@code limit}/{@code offset}, and Django's
 * DecimalField (Python's {@code Decimal}) truncated to an integer for {@code id_min}/{@code id_max}.
 */
final class PythonNumbers {

	/** Python 3.11 refuses to convert strings of more digits than this to int. */
	private static final int INT_MAX_DIGITS = 4300;

	/** Beyond this magnitude a value only needs to be known as "larger than any id". */
	static final BigInteger SATURATED = BigInteger.TWO.pow(80);

	/** libmpdec's largest exponent (64-bit), and its smallest, {@code MIN_EMIN - (MAX_PREC - 1)}. */
	private static final BigInteger DECIMAL_MAX_EMAX = BigInteger.valueOf(999_999_999_999_999_999L);

	private static final BigInteger DECIMAL_MIN_ETINY = BigInteger.valueOf(-1_999_999_999_999_999_997L);

	private static final Pattern DECIMAL = Pattern.compile("([+-]?)(?:(\\d+)(?:\\.(\\d*))?|\\.(\\d+))(?:[eE]([+-]?\\d+))?");

	private PythonNumbers() {
	}

	/**
	 * Python's {@code int(s)}: surrounding whitespace, one sign, decimal digits of any script, single underscores
	 * between digits. Null when Python would raise ValueError.
	 */
	static BigInteger parseInt(String s) {
		String text = stripForInt(s);
		int i = 0;
		boolean negative = false;
		if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
			negative = text.charAt(i) == '-';
			i++;
		}
		StringBuilder digits = new StringBuilder();
		boolean lastWasDigit = false;
		while (i < text.length()) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			if (cp == '_') {
				if (!lastWasDigit) {
					return null;
				}
				lastWasDigit = false;
				continue;
			}
			int digit = Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(cp, 10) : -1;
			if (digit < 0) {
				return null;
			}
			digits.append((char) ('0' + digit));
			lastWasDigit = true;
		}
		if (digits.length() == 0 || !lastWasDigit || digits.length() > INT_MAX_DIGITS) {
			return null;
		}
		BigInteger value = new BigInteger(digits.toString());
		return negative ? value.negate() : value;
	}

	/**
	 * The whitespace {@code int()} ignores around a number. Not quite {@code str.strip()}: {@code int()} turns non-ASCII
	 * whitespace into spaces, then skips only ASCII spaces and {@code \t\n\v\f\r}, so U+001C..U+001F (which
	 * {@code str.isspace()} counts) make it raise.
	 */
	private static String stripForInt(String s) {
		int start = 0;
		int end = s.length();
		while (start < end && isIntSpace(s.charAt(start))) {
			start++;
		}
		while (end > start && isIntSpace(s.charAt(end - 1))) {
			end--;
		}
		return s.substring(start, end);
	}

	private static boolean isIntSpace(char c) {
		return PythonWhitespace.isSpace(c) && (c < 0x1C || c > 0x1F);
	}

	/**
	 * Django's DecimalField then {@code int()}: a finite decimal number (exponent, {@code .5}, {@code 5.}, underscores
	 * and digits of any script allowed), truncated toward zero. Values beyond ±2^80 come back as ±{@link #SATURATED}.
	 * Null when Django answers "Enter a number." (exponents beyond what Python's Decimal represents exactly included).
	 */
	static BigInteger parseTruncatedDecimal(String s) {
		String ascii = asciiDecimal(PythonWhitespace.strip(s));
		if (ascii == null) {
			return null;
		}
		Matcher m = DECIMAL.matcher(ascii);
		if (!m.matches()) {
			return null;
		}
		boolean negative = "-".equals(m.group(1));
		String integer = m.group(2) != null ? m.group(2) : "";
		String fraction = m.group(2) != null ? (m.group(3) == null ? "" : m.group(3)) : m.group(4);
		BigInteger exponent = m.group(5) == null ? BigInteger.ZERO : new BigInteger(m.group(5));
		String mantissa = (integer + fraction).replaceFirst("^0+", "");
		// The value is mantissa * 10^scale; its integer part has (mantissa length + scale) digits.
		BigInteger scale = exponent.subtract(BigInteger.valueOf(fraction.length()));
		BigInteger integerDigits = scale.add(BigInteger.valueOf(mantissa.length()));
		// Decimal(s) must be exact in libmpdec's maximum context, else it raises InvalidOperation ("Enter a
		// number."): an adjusted exponent (of zero: the exponent) above MAX_EMAX overflows, an exponent below
		// MIN_ETINY would need rounding.
		BigInteger adjusted = mantissa.isEmpty() ? scale : integerDigits.subtract(BigInteger.ONE);
		if (adjusted.compareTo(DECIMAL_MAX_EMAX) > 0 || scale.compareTo(DECIMAL_MIN_ETINY) < 0) {
			return null;
		}
		if (mantissa.isEmpty()) {
			return BigInteger.ZERO;
		}
		BigInteger value;
		if (integerDigits.signum() <= 0) {
			value = BigInteger.ZERO;
		}
		else if (integerDigits.compareTo(BigInteger.valueOf(25)) > 0) {
			value = SATURATED;
		}
		else {
			value = new BigDecimal(new BigInteger(mantissa), -scale.intValueExact()).toBigInteger();
			value = value.min(SATURATED);
		}
		return negative ? value.negate() : value;
	}

	/**
	 * What Python's decimal module does before parsing: underscores are dropped wherever they are, and every Unicode
	 * decimal digit becomes its ASCII digit. Null for any other non-ASCII character.
	 */
	private static String asciiDecimal(String s) {
		StringBuilder out = new StringBuilder(s.length());
		for (int i = 0; i < s.length();) {
			int cp = s.codePointAt(i);
			i += Character.charCount(cp);
			if (cp == '_') {
				continue;
			}
			if (cp > 0 && cp <= 0x7F) {
				out.append((char) cp);
			}
			else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
				out.append((char) ('0' + Character.digit(cp, 10)));
			}
			else {
				return null;
			}
		}
		return out.toString();
	}

}
