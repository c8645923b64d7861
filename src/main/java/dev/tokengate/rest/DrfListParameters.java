package dev.tokengate.rest;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokengate.token.AuthTokenFilter;
import dev.tokengate.token.AuthTokenOrder;
import dev.tokengate.token.AuthTokenOrderField;
import dev.tokengate.token.AuthTokenQuery;
import dev.tokengate.token.AuthTokenSearch;
import dev.tokengate.token.PythonWhitespace;
import dev.tokengate.token.SortDirection;

/**
 * The legacy query parameters turned into the query model, with DRF's leniency: invalid pagination and ordering are
 * ignored, invalid filters are a 400 listing every bad field.
 *
 * @param query filter, search and ordering (the page is chosen by the controller)
 * @param limit the page size, or null for the unpaginated list
 * @param offset the rows to skip (0 when absent or invalid)
 */
record DrfListParameters(AuthTokenQuery query, BigInteger limit, BigInteger offset) {

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

	static DrfListParameters from(DrfQueryString params) {
		Map<String, List<String>> errors = new LinkedHashMap<>();
		BigInteger idMin = number(params, "id_min", errors);
		BigInteger idMax = number(params, "id_max", errors);
		LocalDate createdDate = date(params, "created_date", errors);
		LocalDate updatedDate = date(params, "updated_date", errors);
		LocalDate createdFrom = date(params, "created_from", errors);
		LocalDate createdTo = date(params, "created_to", errors);
		LocalDate updatedFrom = date(params, "updated_from", errors);
		LocalDate updatedTo = date(params, "updated_to", errors);
		if (!errors.isEmpty()) {
			throw new DrfValidationException(errors);
		}
		Long min = idMin == null || idMin.compareTo(LONG_MIN) < 0 ? null : idMin.min(LONG_MAX).longValue();
		Long max = idMax == null || idMax.compareTo(LONG_MAX) > 0 ? null : idMax.max(LONG_MIN).longValue();
		if ((idMin != null && idMin.compareTo(LONG_MAX) > 0) || (idMax != null && idMax.compareTo(LONG_MIN) < 0)) {
			// Beyond every bigint: the legacy service compared numerically and matched nothing.
			min = Long.MAX_VALUE;
			max = Long.MIN_VALUE;
		}
		AuthTokenFilter filter = new AuthTokenFilter(min, max, createdDate, updatedDate, createdFrom, createdTo,
				updatedFrom, updatedTo);
		AuthTokenQuery query = new AuthTokenQuery(filter, AuthTokenSearch.parse(params.get("search")),
				ordering(params.get("ordering")), null);
		return new DrfListParameters(query, limit(params.get("limit")), offset(params.get("offset")));
	}

	/** DRF's {@code _positive_int(strict=True)}: a positive int, else no pagination. */
	private static BigInteger limit(String value) {
		BigInteger limit = value == null ? null : PythonNumbers.parseInt(value);
		return limit != null && limit.signum() > 0 ? limit : null;
	}

	/** DRF's {@code _positive_int}: a non-negative int, else 0. */
	private static BigInteger offset(String value) {
		BigInteger offset = value == null ? null : PythonNumbers.parseInt(value);
		return offset != null && offset.signum() >= 0 ? offset : BigInteger.ZERO;
	}

	/**
	 * DRF's OrderingFilter: comma-separated terms, each stripped; a term is a field name, optionally after one
	 * {@code -}; invalid terms are dropped and when none is left the default ({@code id}) applies.
	 */
	static List<AuthTokenOrder> ordering(String value) {
		List<AuthTokenOrder> ordering = new ArrayList<>();
		if (value == null || value.isEmpty()) {
			return ordering;
		}
		for (String part : value.split(",", -1)) {
			String term = PythonWhitespace.strip(part);
			boolean descending = term.startsWith("-");
			AuthTokenOrderField field = AuthTokenOrderField.fromLegacyName(descending ? term.substring(1) : term);
			if (field != null) {
				ordering.add(new AuthTokenOrder(field, descending ? SortDirection.DESC : SortDirection.ASC));
			}
		}
		return ordering;
	}

	private static BigInteger number(DrfQueryString params, String name, Map<String, List<String>> errors) {
		String value = params.get(name);
		if (value == null || value.isEmpty()) {
			return null;
		}
		BigInteger number = PythonNumbers.parseTruncatedDecimal(value);
		if (number == null) {
			errors.put(name, List.of("Enter a number."));
		}
		return number;
	}

	private static LocalDate date(DrfQueryString params, String name, Map<String, List<String>> errors) {
		String value = params.get(name);
		if (value == null || value.isEmpty()) {
			return null;
		}
		LocalDate date = DjangoDates.parse(value);
		if (date == null) {
			errors.put(name, List.of("Enter a valid date."));
		}
		return date;
	}

}
