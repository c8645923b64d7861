package dev.tokengate.graphql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tokengate.token.AuthTokenCursor;
import dev.tokengate.token.AuthTokenOrder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opaque, tamper-checked connection cursors: the ordering they were made for and the row's ordering values, signed
 * with HMAC-SHA256. A cursor that was altered, or is used with another ordering, is refused.
 */
@Component
public class CursorCodec {

	private static final int MAC_BYTES = 16;

	private final SecretKeySpec key;

	public CursorCodec(@Value("${tokengate.graphql.cursor-secret:}") String secret) {
		byte[] keyBytes;
		if (secret.isEmpty()) {
			keyBytes = new byte[32];
			new SecureRandom().nextBytes(keyBytes);
		}
		else {
			keyBytes = secret.getBytes(StandardCharsets.UTF_8);
		}
		this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
	}

	public String encode(List<AuthTokenOrder> ordering, AuthTokenCursor cursor) {
		String payload = signature(ordering) + ":"
				+ cursor.values().stream().map(String::valueOf).collect(Collectors.joining(","));
		byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString(bytes) + "." + base64.encodeToString(mac(bytes));
	}

	/** The cursor passed as {@code argument}, checked against its signature and the query's ordering. */
	public AuthTokenCursor decode(String argument, String token, List<AuthTokenOrder> ordering) {
		int dot = token.indexOf('.');
		byte[] payload;
		byte[] mac;
		try {
			payload = Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0)));
			mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentException(argument, "not a cursor of this connection");
		}
		if (dot < 0 || !MessageDigest.isEqual(mac, mac(payload))) {
			throw new InvalidArgumentException(argument, "not a cursor of this connection");
		}
		String text = new String(payload, StandardCharsets.US_ASCII);
		int colon = text.indexOf(':');
		if (colon < 0 || !text.substring(0, colon).equals(signature(ordering))) {
			throw new InvalidArgumentException(argument, "the cursor was made for a different ordering");
		}
		List<Long> values = new ArrayList<>();
		try {
			for (String value : text.substring(colon + 1).split(",")) {
				values.add(Long.parseLong(value));
			}
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentException(argument, "not a cursor of this connection");
		}
		if (values.size() != ordering.size()) {
			throw new InvalidArgumentException(argument, "not a cursor of this connection");
		}
		return new AuthTokenCursor(values);
	}

	private static String signature(List<AuthTokenOrder> ordering) {
		return ordering.stream()
			.map(order -> order.field().name() + "." + order.direction().name())
			.collect(Collectors.joining(","));
	}

	private byte[] mac(byte[] payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
