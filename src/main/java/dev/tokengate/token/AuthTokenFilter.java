package dev.tokengate.token;

import java.time.LocalDate;

/**
 * The filters of the list: an inclusive id range and UTC calendar-date conditions on the two timestamps. Every
 * component is optional (null means no condition).
 */
public record AuthTokenFilter(Long idMin, Long idMax, LocalDate createdDate, LocalDate updatedDate,
		LocalDate createdFrom, LocalDate createdTo, LocalDate updatedFrom, LocalDate updatedTo) {

	public static final AuthTokenFilter NONE = new AuthTokenFilter(null, null, null, null, null, null, null, null);

}
