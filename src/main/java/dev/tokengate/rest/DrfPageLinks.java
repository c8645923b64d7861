package dev.tokengate.rest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The absolute {@code next}/{@code previous} links of DRF's LimitOffsetPagination, built as DRF's
 * {@code replace_query_param}/{@code remove_query_param} build them: every parameter of the request kept (unknown ones
 * too), names sorted, values re-encoded with Python's {@code quote_plus}.
 *
 * @param base scheme, host and path of the request, without the query
 */
record DrfPageLinks(String base, DrfQueryString params) {

	/** DRF's {@code get_next_link}. */
	String next(BigInteger count, BigInteger limit, BigInteger offset) {
		if (offset.add(limit).compareTo(count) >= 0) {
			return null;
		}
		Map<String, List<String>> query = this.params.grouped();
		query.put("limit", List.of(limit.toString()));
		query.put("offset", List.of(offset.add(limit).toString()));
		return url(query);
	}

	/** DRF's {@code get_previous_link}: no offset parameter at all when it would be 0. */
	String previous(BigInteger limit, BigInteger offset) {
		if (offset.signum() <= 0) {
			return null;
		}
		Map<String, List<String>> query = this.params.grouped();
		query.put("limit", List.of(limit.toString()));
		BigInteger previous = offset.subtract(limit);
		if (previous.signum() <= 0) {
			query.remove("offset");
		}
		else {
			query.put("offset", List.of(previous.toString()));
		}
		return url(query);
	}

	private String url(Map<String, List<String>> query) {
		List<String> names = new ArrayList<>(query.keySet());
		// Python sorts strings by code point.
		names.sort(DrfPageLinks::compareCodePoints);
		StringBuilder url = new StringBuilder(this.base);
		String separator = "?";
		for (String name : names) {
			for (String value : query.get(name)) {
				url.append(separator).append(quotePlus(name)).append('=').append(quotePlus(value));
				separator = "&";
			}
		}
		return url.toString();
	}

	private static int compareCodePoints(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	/** Python's {@code quote_plus(s, safe='')}: UTF-8, unreserved characters kept, space as {@code +}. */
	static String quotePlus(String s) {
		StringBuilder out = new StringBuilder(s.length());
		for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
					|| c == '-' || c == '~') {
				out.append((char) c);
			}
			else if (c == ' ') {
				out.append('+');
			}
			else {
				out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return out.toString();
	}

}
