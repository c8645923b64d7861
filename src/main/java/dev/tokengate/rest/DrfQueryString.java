package dev.tokengate.rest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string read as Django read it: Python's {@code parse_qsl(keep_blank_values=True)} (pairs split on
 * {@code &}, {@code +} as space, percent-escapes decoded as UTF-8 with U+FFFD for invalid bytes), and for a repeated
 * parameter the last value wins.
 */
public final class DrfQueryString {

	private static final String ATTRIBUTE = DrfQueryString.class.getName();

	private final List<Map.Entry<String, String>> pairs;

	private DrfQueryString(List<Map.Entry<String, String>> pairs) {
		this.pairs = pairs;
	}

	public static DrfQueryString parse(String raw) {
		List<Map.Entry<String, String>> pairs = new ArrayList<>();
		if (raw != null) {
			for (String pair : raw.split("&", -1)) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String name = eq < 0 ? pair : pair.substring(0, eq);
				String value = eq < 0 ? "" : pair.substring(eq + 1);
				pairs.add(Map.entry(unquotePlus(name), unquotePlus(value)));
			}
		}
		return new DrfQueryString(List.copyOf(pairs));
	}

	/** The request's query string, parsed once per request (the first caller keeps it as a request attribute). */
	static DrfQueryString of(jakarta.servlet.http.HttpServletRequest request) {
		Object parsed = request.getAttribute(ATTRIBUTE);
		if (parsed instanceof DrfQueryString params) {
			return params;
		}
		DrfQueryString params = parse(request.getQueryString());
		request.setAttribute(ATTRIBUTE, params);
		return params;
	}

	/** The last value of {@code name}, as Django's {@code QueryDict.get}, or null when absent. */
	public String get(String name) {
		String value = null;
		for (Map.Entry<String, String> pair : this.pairs) {
			if (pair.getKey().equals(name)) {
				value = pair.getValue();
			}
		}
		return value;
	}

	/** Every value of every parameter, grouped by name in order of first appearance, as {@code parse_qs}. */
	public Map<String, List<String>> grouped() {
		Map<String, List<String>> grouped = new LinkedHashMap<>();
		for (Map.Entry<String, String> pair : this.pairs) {
			grouped.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
		}
		return grouped;
	}

	/** Python's {@code unquote_plus(s, errors='replace')}. */
	static String unquotePlus(String s) {
		s = s.replace('+', ' ');
		if (s.indexOf('%') < 0) {
			return s;
		}
		StringBuilder out = new StringBuilder(s.length());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int i = 0;
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c > 0x7F) {
				// Non-ASCII characters pass through; only runs of ASCII are percent-decoded.
				flush(bytes, out);
				out.append(c);
				i++;
			}
			else if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
				bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
				i += 3;
			}
			else {
				bytes.write(c);
				i++;
			}
		}
		flush(bytes, out);
		return out.toString();
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/**
	 * Python's UTF-8 decoding with {@code errors='replace'}: each maximal invalid subsequence (the longest start of a
	 * valid sequence, else one byte) becomes one U+FFFD. The JDK's decoder differs on encoded surrogates: it replaces
	 * {@code ED A0 80} as one unit, Python byte by byte, as ED may only be followed by 80..9F.
	 */
	private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
		byte[] utf8 = bytes.toByteArray();
		int i = 0;
		while (i < utf8.length) {
			int lead = utf8[i] & 0xFF;
			int length;
			int low = 0x80;
			int high = 0xBF;
			if (lead < 0x80) {
				length = 1;
			}
			else if (lead >= 0xC2 && lead <= 0xDF) {
				length = 2;
			}
			else if (lead >= 0xE0 && lead <= 0xEF) {
				length = 3;
				low = (lead == 0xE0) ? 0xA0 : low;
				high = (lead == 0xED) ? 0x9F : high;
			}
			else if (lead >= 0xF0 && lead <= 0xF4) {
				length = 4;
				low = (lead == 0xF0) ? 0x90 : low;
				high = (lead == 0xF4) ? 0x8F : high;
			}
			else {
				out.append('\ufffd');
				i++;
				continue;
			}
			int codePoint = (length == 1) ? lead : lead & (0xFF >> (length + 1));
			int n = 1;
			while (n < length && i + n < utf8.length) {
				int next = utf8[i + n] & 0xFF;
				if (next < (n == 1 ? low : 0x80) || next > (n == 1 ? high : 0xBF)) {
					break;
				}
				codePoint = (codePoint << 6) | (next & 0x3F);
				n++;
			}
			if (n == length) {
				out.appendCodePoint(codePoint);
			}
			else {
				out.append('\ufffd');
			}
			i += n;
		}
		bytes.reset();
	}

}
