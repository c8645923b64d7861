package dev.tokengate.token;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Numbers, dates and timestamps are written into the SQL; text stays a parameter. */
class SqlStatementTest {

	@Test
	void numbersBecomeLiterals() {
		SqlStatement statement = new SqlStatement(
				"SELECT t.id FROM auth_tokens t WHERE t.id >= ? ORDER BY t.id LIMIT ? OFFSET ?", List.of(400000L, 20L, 0L));
		SqlStatement inline = statement.withValuesInline();
		assertThat(inline.sql())
			.isEqualTo("SELECT t.id FROM auth_tokens t WHERE t.id >= 400000 ORDER BY t.id LIMIT 20 OFFSET 0");
		assertThat(inline.parameters()).isEmpty();
	}

	@Test
	void aStatementWithTextKeepsEveryParameter() {
		SqlStatement statement = new SqlStatement("SELECT t.id FROM auth_tokens t WHERE t.id >= ? AND t.key LIKE ? "
				+ "ORDER BY t.id LIMIT ? OFFSET ?", List.of(400000L, "%AB%", 20L, 0L));
		assertThat(statement.withValuesInline()).isEqualTo(statement);
	}

	@Test
	void negativeNumbersAreTypedSoTheSmallestLongIsStillABigint() {
		SqlStatement inline = new SqlStatement("SELECT ?, ?", List.of(-5L, Long.MIN_VALUE)).withValuesInline();
		assertThat(inline.sql()).isEqualTo("SELECT bigint '-5', bigint '-9223372036854775808'");
		assertThat(inline.parameters()).isEmpty();
	}

	@Test
	void datesAndTimestampsAreTypedLiteralsInUtc() {
		OffsetDateTime time = OffsetDateTime.of(2025, 3, 1, 1, 2, 3, 456_789_000, ZoneOffset.ofHours(2));
		SqlStatement inline = new SqlStatement("SELECT ?, ?", List.of(LocalDate.of(2025, 3, 31), time))
			.withValuesInline();
		assertThat(inline.sql()).isEqualTo("SELECT date '2025-03-31', timestamptz '2025-02-28 23:02:03.456789+00'");
	}

	@Test
	void valuesBeyondPythonsYearsKeepEveryParameter() {
		LocalDate far = LocalDate.of(10000, 1, 1);
		OffsetDateTime early = OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
		SqlStatement statement = new SqlStatement("SELECT ?, ?, ?", List.of(far, early, 5L));
		assertThat(statement.withValuesInline()).isEqualTo(statement);
	}

	@Test
	void placeholdersAndParametersMustPair() {
		assertThatIllegalStateException().isThrownBy(() -> new SqlStatement("SELECT ?", List.of()).withValuesInline());
		assertThatIllegalStateException()
			.isThrownBy(() -> new SqlStatement("SELECT 1", List.of(1L)).withValuesInline());
	}

}
