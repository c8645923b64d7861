package dev.tokengate.rest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

	private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
		if (bytes.size() == 0) {
			return;
		}
		try {
			out.append(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE)
				.decode(ByteBuffer.wrap(bytes.toByteArray())));
		}
		catch (CharacterCodingException ex) {
			throw new IllegalStateException(ex);
		}
		bytes.reset();
	}

}
