package dev.tokengate.rest;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DjangoDates} against Django 3.2.25's {@code forms.DateField().clean(s)} on Python 3.11.2 (Debian bookworm),
 * with Django's default {@code DATE_INPUT_FORMATS} (the eleven formats), from which every expected value comes.
 */
class DjangoDatesTest {

	private static final LocalDate AUGUST_6 = LocalDate.of(2025, 8, 6);

	@ParameterizedTest(name = "''{0}'' is 2025-08-06")
	@ValueSource(strings = {
			// %Y-%m-%d
			"2025-08-06", "2025-8-6", "2025-08-6",
			// %m/%d/%Y and %m/%d/%y
			"08/06/2025", "8/6/2025", "8/6/25",
			// %b %d %Y, %b %d, %Y
			"Aug 6 2025", "aug 06, 2025", "AUG 6, 2025",
			// %d %b %Y, %d %b, %Y
			"6 Aug 2025", "6 aug 2025", "6 Aug, 2025",
			// %B %d %Y, %B %d, %Y
			"august 6 2025", "August 6, 2025",
			// %d %B %Y, %d %B, %Y
			"6 August 2025", "6 AUGUST, 2025" })
	void everyDefaultInputFormatIsAccepted(String value) {
		assertThat(DjangoDates.parse(value)).isEqualTo(AUGUST_6);
	}

	@Test
	void aTwoDigitYearPivotsAt69() {
		assertThat(DjangoDates.parse("8/6/69")).isEqualTo(LocalDate.of(1969, 8, 6));
		assertThat(DjangoDates.parse("8/6/68")).isEqualTo(LocalDate.of(2068, 8, 6));
		assertThat(DjangoDates.parse("8/6/00")).isEqualTo(LocalDate.of(2000, 8, 6));
		assertThat(DjangoDates.parse("8/6/99")).isEqualTo(LocalDate.of(1999, 8, 6));
	}

	@Test
	void aSpaceInTheFormatMatchesAnyRunOfWhitespace() {
		assertThat(DjangoDates.parse("Aug  6   2025")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("6\tAug\n2025")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("Aug\u30006\u00a02025")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("Aug\u001c6 2025")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("Aug 6,  2025")).isEqualTo(AUGUST_6);
		// strptime's %d also takes a space before a single digit.
		assertThat(DjangoDates.parse("2025-8- 6")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("8/ 6/2025")).isEqualTo(AUGUST_6);
	}

	@Test
	void leadingAndTrailingWhitespaceIsStripped() {
		assertThat(DjangoDates.parse("  2025-08-06  ")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("2025-08-06\n")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("\u30002025-08-06\u001c")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse(" 8/6/2025")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("Aug 06 2025 ")).isEqualTo(AUGUST_6);
	}

	@Test
	void yearsAndTheDaysTensDigitMayBeDigitsOfAnyScriptButNotTheMonth() {
		// strptime's \d (%Y, %y, the second digit of %d) is Unicode; %m and the rest of %d are ASCII.
		assertThat(DjangoDates.parse("\uff12\uff10\uff12\uff15-08-06")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("8/6/\uff12\uff15")).isEqualTo(AUGUST_6);
		assertThat(DjangoDates.parse("2025-08-1\uff16")).isEqualTo(LocalDate.of(2025, 8, 16));
		assertThat(DjangoDates.parse("2025-\uff10\uff18-06")).isNull();
		assertThat(DjangoDates.parse("2025-08-\uff10\uff16")).isNull();
	}

	@Test
	void monthNamesAreEnglishInAnyCaseFullOrThreeLetters() {
		assertThat(DjangoDates.parse("Sep 6 2025")).isEqualTo(LocalDate.of(2025, 9, 6));
		assertThat(DjangoDates.parse("May 6 2025")).isEqualTo(LocalDate.of(2025, 5, 6));
		assertThat(DjangoDates.parse("may 6, 2025")).isEqualTo(LocalDate.of(2025, 5, 6));
		assertThat(DjangoDates.parse("6 May 2025")).isEqualTo(LocalDate.of(2025, 5, 6));
		assertThat(DjangoDates.parse("Sept 6 2025")).isNull();
		assertThat(DjangoDates.parse("Septembe 6 2025")).isNull();
		assertThat(DjangoDates.parse("6 Augu 2025")).isNull();
	}

	@Test
	void aMonthNameMatchedOnlyThroughUnicodeCaseFoldingIsRefused() {
		// re.IGNORECASE lets "ſ" (long s) or "ı" (dotless i) match the pattern, but _strptime then looks the name up
		// with .lower() in the list of month names, fails with ValueError, and Django answers "Enter a valid date.".
		assertThat(DjangoDates.parse("Augu\u017ft 6 2025")).isNull();
		assertThat(DjangoDates.parse("AUGU\u017fT 6 2025")).isNull();
		assertThat(DjangoDates.parse("Apr\u0131l 6 2025")).isNull();
		assertThat(DjangoDates.parse("APR\u0130L 6 2025")).isNull();
		assertThat(DjangoDates.parse("\u212aug 6 2025")).isNull();
	}

	@Test
	void leapDaysAndTheCalendarsEnds() {
		assertThat(DjangoDates.parse("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(DjangoDates.parse("02/29/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(DjangoDates.parse("0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
		assertThat(DjangoDates.parse("1/1/0001")).isEqualTo(LocalDate.of(1, 1, 1));
		assertThat(DjangoDates.parse("9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
		assertThat(DjangoDates.parse("12/31/1999")).isEqualTo(LocalDate.of(1999, 12, 31));
	}

	@ParameterizedTest(name = "''{0}'': Enter a valid date.")
	@ValueSource(strings = { "2025-13-45", "2025-02-30", "2023-02-29", "02/29/2023",
			"0000-01-01", "1/1/0000", "2025-08-06T00:00:00", "2025-008-06", "25-08-06", "2025/08/06", "2025-08-06x",
			"00/06/2025", "8/32/2025", "Aug 6 , 2025", "Aug 6,2025", "Aug 6 25", "6 Aug 25", "Aug 6 02025", "bad", " " })
	void invalidDatesAreRefused(String value) {
		assertThat(DjangoDates.parse(value)).isNull();
	}

	@Test
	void aNulByteIsNotWhitespace() {
		assertThat(DjangoDates.parse("2025-08-06\u0000")).isNull();
	}

}
