package dev.tokengate.rest;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PythonNumbers} against the legacy stack. Every expected value was computed with Python 3.11.2 and Django
 * 3.2.25 (Debian bookworm): {@code int(s)} for {@code limit}/{@code offset}, and {@code int(forms.DecimalField()
 * .clean(s))} for {@code id_min}/{@code id_max}.
 */
class PythonNumbersTest {

	private static final BigInteger SATURATED = PythonNumbers.SATURATED;

	// ---- int() ----------------------------------------------------------------------------------------------

	@Test
	void intAcceptsOneSignSurroundingWhitespaceAndSingleUnderscoresBetweenDigits() {
		assertThat(PythonNumbers.parseInt("+2")).isEqualTo(2);
		assertThat(PythonNumbers.parseInt(" 7 ")).isEqualTo(7);
		assertThat(PythonNumbers.parseInt("\t\n7\u000b\f\r")).isEqualTo(7);
		assertThat(PythonNumbers.parseInt("1_000")).isEqualTo(1000);
		assertThat(PythonNumbers.parseInt("-5")).isEqualTo(-5);
		assertThat(PythonNumbers.parseInt("-0")).isEqualTo(0);
		assertThat(PythonNumbers.parseInt("99999999999999999999")).isEqualTo(new BigInteger("99999999999999999999"));
	}

	@Test
	void intReadsDecimalDigitsOfAnyScript() {
		assertThat(PythonNumbers.parseInt("\uff11\uff12")).as("fullwidth").isEqualTo(12);
		assertThat(PythonNumbers.parseInt("\u0663\u0664")).as("Arabic-Indic").isEqualTo(34);
		assertThat(PythonNumbers.parseInt("\u0663_\u0664")).isEqualTo(34);
	}

	@Test
	void intStripsNonAsciiUnicodeWhitespace() {
		assertThat(PythonNumbers.parseInt("\u00a07\u00a0")).isEqualTo(7);
		assertThat(PythonNumbers.parseInt("\u20077\u3000")).isEqualTo(7);
		assertThat(PythonNumbers.parseInt("\u00857")).isEqualTo(7);
	}

	@Test
	void intDoesNotStripTheAsciiSeparatorsThatStrStripWould() {
		// int() strips only Py_ISSPACE among ASCII characters (space, \t \n \v \f \r); U+001C..U+001F are
		// str.isspace() but make int() raise.
		assertThat(PythonNumbers.parseInt("\u001c7")).isNull();
		assertThat(PythonNumbers.parseInt("7\u001f")).isNull();
		assertThat(PythonNumbers.parseInt("\u001d7\u001e")).isNull();
	}

	@ParameterizedTest(name = "int({0}) raises ValueError")
	@ValueSource(strings = { "1__0", "_1", "1_", "--1", "+-1", "-", "+", "2.5", "1e3", "", " ", "abc", "0x10", "1 000",
			"+ 1", "7\u200b" })
	void intRejects(String value) {
		assertThat(PythonNumbers.parseInt(value)).isNull();
	}

	@Test
	void intRefusesMoreThan4300Digits() {
		assertThat(PythonNumbers.parseInt("1".repeat(4300))).isEqualTo(new BigInteger("1".repeat(4300)));
		assertThat(PythonNumbers.parseInt("1".repeat(4301))).isNull();
		assertThat(PythonNumbers.parseInt("0".repeat(4301))).as("leading zeros count").isNull();
		assertThat(PythonNumbers.parseInt("+" + "1".repeat(4300))).as("the sign does not count").isNotNull();
		assertThat(PythonNumbers.parseInt("-" + "1".repeat(4301))).isNull();
		assertThat(PythonNumbers.parseInt("1_".repeat(2150) + "1")).as("underscores do not count")
			.isEqualTo(new BigInteger("1".repeat(2151)));
		assertThat(PythonNumbers.parseInt("1_".repeat(4300) + "1")).isNull();
	}

	// ---- Decimal, truncated ---------------------------------------------------------------------------------

	@Test
	void decimalIsTruncatedTowardZero() {
		assertThat(PythonNumbers.parseTruncatedDecimal("1.5")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("-1.5")).isEqualTo(-1);
		assertThat(PythonNumbers.parseTruncatedDecimal("0.9")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("-0.9")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("15e-1")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("12.34e-1")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("123456789012345678901234.9"))
			.isEqualTo(new BigInteger("123456789012345678901234"));
	}

	@Test
	void decimalTakesAnExponent() {
		assertThat(PythonNumbers.parseTruncatedDecimal("1e3")).isEqualTo(1000);
		assertThat(PythonNumbers.parseTruncatedDecimal("1E3")).isEqualTo(1000);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e+3")).isEqualTo(1000);
		assertThat(PythonNumbers.parseTruncatedDecimal("1.5e1")).isEqualTo(15);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e-5")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("0.000e5")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e24")).isEqualTo(BigInteger.TEN.pow(24));
		assertThat(PythonNumbers.parseTruncatedDecimal("1e0000000000000000000000003")).isEqualTo(1000);
	}

	@Test
	void decimalMayOmitEitherSideOfThePoint() {
		assertThat(PythonNumbers.parseTruncatedDecimal(".5")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("5.")).isEqualTo(5);
		assertThat(PythonNumbers.parseTruncatedDecimal("-.5")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("+.5")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("00012")).isEqualTo(12);
		assertThat(PythonNumbers.parseTruncatedDecimal("+2")).isEqualTo(2);
	}

	@Test
	void decimalDropsUnderscoresWhereverTheyAre() {
		assertThat(PythonNumbers.parseTruncatedDecimal("1_0.5")).isEqualTo(10);
		assertThat(PythonNumbers.parseTruncatedDecimal("1__0")).isEqualTo(10);
		assertThat(PythonNumbers.parseTruncatedDecimal("_1")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("1_")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("1._5")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e_3")).isEqualTo(1000);
		assertThat(PythonNumbers.parseTruncatedDecimal("1_e3")).isEqualTo(1000);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e1_0")).isEqualTo(10_000_000_000L);
		assertThat(PythonNumbers.parseTruncatedDecimal("_")).isNull();
	}

	@Test
	void decimalReadsDigitsOfAnyScriptAndIsStrippedAsStrStripDoes() {
		assertThat(PythonNumbers.parseTruncatedDecimal("\u0663.\u0665")).isEqualTo(3);
		assertThat(PythonNumbers.parseTruncatedDecimal("\uff11\uff12")).isEqualTo(12);
		assertThat(PythonNumbers.parseTruncatedDecimal(" 7 ")).isEqualTo(7);
		assertThat(PythonNumbers.parseTruncatedDecimal("\u00a01.5\u00a0")).isEqualTo(1);
		assertThat(PythonNumbers.parseTruncatedDecimal("\u00857\u3000")).isEqualTo(7);
		// Django strips with str.strip(), which does remove U+001C..U+001F (unlike int()).
		assertThat(PythonNumbers.parseTruncatedDecimal("\u001c7\u001f")).isEqualTo(7);
	}

	@ParameterizedTest(name = "Decimal({0}) is not finite: Enter a number.")
	@ValueSource(strings = { "NaN", "nan", "-nan", "sNaN", "snan", "inf", "Inf", "-inf", "Infinity", "-Infinity",
			"INFINITY" })
	void decimalRejectsNonFiniteValues(String value) {
		assertThat(PythonNumbers.parseTruncatedDecimal(value)).isNull();
	}

	@ParameterizedTest(name = "Decimal({0}) raises: Enter a number.")
	@ValueSource(strings = { "--1", "+-1", "", " ", "\t", "abc", "1e", "e3", ".", "1 0", "1,5", "0x1", "1.2.3", "1e3.5" })
	void decimalRejectsMalformedValues(String value) {
		assertThat(PythonNumbers.parseTruncatedDecimal(value)).isNull();
	}

	@Test
	void decimalBeyondTwoToThe80SaturatesWithoutComputingIt() {
		assertThat(PythonNumbers.parseTruncatedDecimal("1e999999999")).isEqualTo(SATURATED);
		assertThat(PythonNumbers.parseTruncatedDecimal("-1e999999999")).isEqualTo(SATURATED.negate());
		assertThat(PythonNumbers.parseTruncatedDecimal("1e25")).isEqualTo(SATURATED);
		assertThat(PythonNumbers.parseTruncatedDecimal(SATURATED.toString())).isEqualTo(SATURATED);
		assertThat(PythonNumbers.parseTruncatedDecimal(SATURATED.subtract(BigInteger.ONE).toString()))
			.isEqualTo(SATURATED.subtract(BigInteger.ONE));
		assertThat(PythonNumbers.parseTruncatedDecimal(SATURATED.add(BigInteger.ONE).negate().toString()))
			.isEqualTo(SATURATED.negate());
		assertThat(PythonNumbers.parseTruncatedDecimal("0e999999999")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e-999999999")).isEqualTo(0);
	}

	@Test
	void decimalAcceptsExponentsUpToWhatDecimalRepresentsExactly() {
		// Decimal(str) is exact in libmpdec's maximum context: adjusted exponent up to 999999999999999999, exponent
		// down to -1999999999999999997 (zero: the exponent itself in that range).
		assertThat(PythonNumbers.parseTruncatedDecimal("1e999999999999999999")).isEqualTo(SATURATED);
		assertThat(PythonNumbers.parseTruncatedDecimal("10e999999999999999998")).isEqualTo(SATURATED);
		assertThat(PythonNumbers.parseTruncatedDecimal("1.0e999999999999999999")).isEqualTo(SATURATED);
		assertThat(PythonNumbers.parseTruncatedDecimal("-1e999999999999999999")).isEqualTo(SATURATED.negate());
		assertThat(PythonNumbers.parseTruncatedDecimal("0e999999999999999999")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("0.00e1000000000000000001")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("1e-1999999999999999997")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("0.1e-1999999999999999996")).isEqualTo(0);
		assertThat(PythonNumbers.parseTruncatedDecimal("0e-1999999999999999997")).isEqualTo(0);
	}

	@ParameterizedTest(name = "Decimal({0}) overflows or underflows: Enter a number.")
	@ValueSource(strings = { "1e1000000000000000000", "-1e1000000000000000000", "10e999999999999999999",
			"1e99999999999999999999", "1e9223372036854775807", "1e9223372036854775808", "0e1000000000000000000",
			"000e1000000000000000000", "0e99999999999999999999", "1e-1999999999999999998", "10e-1999999999999999998",
			"0.1e-1999999999999999997", "0e-1999999999999999998", "1e-9223372036854775808",
			"1e-99999999999999999999999" })
	void decimalRejectsExponentsDecimalCannotRepresentExactly(String value) {
		assertThat(PythonNumbers.parseTruncatedDecimal(value)).isNull();
	}

}
