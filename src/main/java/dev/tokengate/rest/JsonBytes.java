package dev.tokengate.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;

import dev.tokengate.token.AuthTokenTimestamps;

/**
 * A growable buffer of UTF-8 that the legacy JSON is written into, byte by byte: no character buffer to encode
 * afterwards, and ASCII (keys, numbers, timestamps, most names) copied straight in. The bytes are DRF's (see
 * {@link DrfJson}).
 */
final class JsonBytes {

	private byte[] bytes;

	private int length;

	JsonBytes(int capacity) {
		this.bytes = new byte[Math.max(capacity, 16)];
	}

	int length() {
		return this.length;
	}

	byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.length);
	}

	/** Writes what has been written so far, and starts again from empty. */
	void drainTo(OutputStream out) throws IOException {
		out.write(this.bytes, 0, this.length);
		this.length = 0;
	}

	JsonBytes append(char ascii) {
		ensure(1);
		this.bytes[this.length++] = (byte) ascii;
		return this;
	}

	/** Text known to be ASCII with nothing to escape: the JSON punctuation and names this service writes. */
	JsonBytes ascii(String text) {
		int n = text.length();
		ensure(n);
		for (int i = 0; i < n; i++) {
			this.bytes[this.length + i] = (byte) text.charAt(i);
		}
		this.length += n;
		return this;
	}

	JsonBytes number(long value) {
		return ascii(Long.toString(value));
	}

	/** A timestamp as DRF writes it (see {@link AuthTokenTimestamps}), in quotes. */
	JsonBytes timestamp(Instant instant) {
		ensure(AuthTokenTimestamps.MAX_LENGTH + 2);
		this.bytes[this.length] = '"';
		int end = AuthTokenTimestamps.write(instant, this.bytes, this.length + 1);
		if (end < 0) {
			return string(AuthTokenTimestamps.format(instant));
		}
		this.bytes[end] = '"';
		this.length = end + 1;
		return this;
	}

	/**
	 * A JSON string as Python's {@code json.dumps(ensure_ascii=False)} writes it, then with U+2028 and U+2029 escaped
	 * as DRF does: quote, backslash and control characters escaped, everything else raw UTF-8. (A lone surrogate,
	 * which no text from PostgreSQL holds, becomes {@code ?}, as Java's encoder writes it.)
	 */
	JsonBytes string(String value) {
		int n = value.length();
		ensure(n + 2);
		this.bytes[this.length++] = '"';
		for (int i = 0; i < n; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
				ensure(1);
				this.bytes[this.length++] = (byte) c;
			}
			else {
				i = special(value, i, c);
			}
		}
		ensure(1);
		this.bytes[this.length++] = '"';
		return this;
	}

	/** Writes the character at {@code i} that is not plain ASCII; returns the index of its last char. */
	private int special(String value, int i, char c) {
		switch (c) {
			case '"' -> ascii("\\\"");
			case '\\' -> ascii("\\\\");
			case '\n' -> ascii("\\n");
			case '\r' -> ascii("\\r");
			case '\t' -> ascii("\\t");
			case '\b' -> ascii("\\b");
			case '\f' -> ascii("\\f");
			case '\u2028' -> ascii("\\u2028");
			case '\u2029' -> ascii("\\u2029");
			default -> {
				if (c < 0x20) {
					ascii("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
				}
				else if (c < 0x800) {
					ensure(2);
					this.bytes[this.length++] = (byte) (0xC0 | c >> 6);
					this.bytes[this.length++] = (byte) (0x80 | c & 0x3F);
				}
				else if (!Character.isSurrogate(c)) {
					utf8(c);
				}
				else if (Character.isHighSurrogate(c) && i + 1 < value.length()
						&& Character.isLowSurrogate(value.charAt(i + 1))) {
					utf8(Character.toCodePoint(c, value.charAt(i + 1)));
					return i + 1;
				}
				else {
					append('?');
				}
			}
		}
		return i;
	}

	/** A code point of three or four UTF-8 bytes. */
	private void utf8(int codePoint) {
		ensure(4);
		if (codePoint < 0x10000) {
			this.bytes[this.length++] = (byte) (0xE0 | codePoint >> 12);
		}
		else {
			this.bytes[this.length++] = (byte) (0xF0 | codePoint >> 18);
			this.bytes[this.length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
		}
		this.bytes[this.length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
		this.bytes[this.length++] = (byte) (0x80 | codePoint & 0x3F);
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
