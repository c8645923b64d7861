package dev.tokengate.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Timestamps written as DRF's DateTimeField wrote them in UTC (microseconds, and none when they are zero). */
class AuthTokenTimestampsTest {

	private static final DateTimeFormatter WITH_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void microsecondsAreSixDigitsOrAbsent() {
		assertThat(AuthTokenTimestamps.format(Instant.parse("2025-07-05T10:59:55.523645Z")))
			.isEqualTo("2025-07-05T10:59:55.523645Z");
		assertThat(AuthTokenTimestamps.format(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo("2025-01-01T00:00:00Z");
		assertThat(AuthTokenTimestamps.format(Instant.parse("2025-01-01T00:00:00.000001Z")))
			.isEqualTo("2025-01-01T00:00:00.000001Z");
		assertThat(AuthTokenTimestamps.format(Instant.parse("1969-12-31T23:59:59.999999Z")))
			.isEqualTo("1969-12-31T23:59:59.999999Z");
	}

	@Test
	void theEdgesOfPythonsYearsAreWritten() {
		assertThat(AuthTokenTimestamps.format(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
		assertThat(AuthTokenTimestamps.format(Instant.parse("9999-12-31T23:59:59.999999Z")))
			.isEqualTo("9999-12-31T23:59:59.999999Z");
	}

	@Test
	void yearsBeyondFourDigitsStillComeOut() {
		assertThat(AuthTokenTimestamps.format(Instant.parse("+10000-01-02T03:04:05Z"))).isEqualTo("10000-01-02T03:04:05Z");
		byte[] out = new byte[AuthTokenTimestamps.MAX_LENGTH];
		assertThat(AuthTokenTimestamps.write(Instant.parse("+10000-01-02T03:04:05Z"), out, 0)).isEqualTo(-1);
	}

	@Test
	void randomMicrosecondInstantsMatchTheFormatter() {
		Random random = new Random(20261129);
		long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
		long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		byte[] out = new byte[AuthTokenTimestamps.MAX_LENGTH + 5];
		for (int i = 0; i < 20_000; i++) {
			long seconds = from + (long) (random.nextDouble() * (to - from));
			long micros = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000);
			Instant instant = Instant.ofEpochSecond(seconds).plus(micros, ChronoUnit.MICROS);
			String expected = (micros == 0 ? WHOLE_SECONDS : WITH_MICROS).format(instant);
			assertThat(AuthTokenTimestamps.format(instant)).isEqualTo(expected);
			int end = AuthTokenTimestamps.write(instant, out, 3);
			assertThat(new String(out, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(expected);
		}
	}

}
