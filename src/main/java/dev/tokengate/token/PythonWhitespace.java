package dev.tokengate.token;

import java.util.ArrayList;
import java.util.List;

/**
 * Whitespace as Python's {@code str.isspace()} sees it, which is what the legacy service used to strip values and
 * split search terms. It differs from Java's {@link Character#isWhitespace}: it includes NBSP, U+2007, U+202F, U+0085.
 */
public final class PythonWhitespace {

	private PythonWhitespace() {
	}

	public static boolean isSpace(int cp) {
		return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0
				|| cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
				|| cp == 0x205F || cp == 0x3000;
	}

	/** {@code str.strip()}. */
	public static String strip(String s) {
		int start = 0;
		int end = s.length();
		while (start < end && isSpace(s.charAt(start))) {
			start++;
		}
		while (end > start && isSpace(s.charAt(end - 1))) {
			end--;
		}
		return s.substring(start, end);
	}

	/** {@code str.split()} with no separator: runs of whitespace separate, empty words are dropped. */
	public static List<String> split(String s) {
		List<String> words = new ArrayList<>();
		int i = 0;
		int n = s.length();
		while (i < n) {
			while (i < n && isSpace(s.charAt(i))) {
				i++;
			}
			int start = i;
			while (i < n && !isSpace(s.charAt(i))) {
				i++;
			}
			if (i > start) {
				words.add(s.substring(start, i));
			}
		}
		return words;
	}

}
