package dev.tokengate.security;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tokengate.token.AuthTokenService;
import dev.tokengate.token.TokenOwner;

import org.springframework.stereotype.Component;

/**
 * DRF's TokenAuthentication: reads an {@code Authorization} header value and returns the principal, nothing (the header
 * is not a token header: anonymous), or throws with DRF's message.
 */
@Component
public class TokenAuthenticator {

	/** Compared against when the key is unknown, so unknown and known keys cost the same comparison. */
	private static final byte[] DUMMY_KEY = "0000000000000000000000000000000000000000".getBytes(StandardCharsets.US_ASCII);

	private static final int KEY_LENGTH = 40;

	private final AuthTokenService tokens;

	public TokenAuthenticator(AuthTokenService tokens) {
		this.tokens = tokens;
	}

	public Optional<TokenPrincipal> authenticate(String header) {
		if (header == null) {
			return Optional.empty();
		}
		// The header's bytes (Tomcat decodes them as ISO-8859-1), split on ASCII whitespace like Python's bytes.split().
		List<byte[]> words = splitOnAsciiWhitespace(header.getBytes(StandardCharsets.ISO_8859_1));
		if (words.isEmpty() || !new String(words.get(0), StandardCharsets.ISO_8859_1).equalsIgnoreCase("token")
				|| !isAscii(words.get(0))) {
			return Optional.empty();
		}
		if (words.size() == 1) {
			throw new TokenAuthenticationException("Invalid token header. No credentials provided.");
		}
		if (words.size() > 2) {
			throw new TokenAuthenticationException("Invalid token header. Token string should not contain spaces.");
		}
		String key;
		try {
			key = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(words.get(1)))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new TokenAuthenticationException(
					"Invalid token header. Token string should not contain invalid characters.");
		}
		return Optional.of(authenticateKey(key));
	}

	private TokenPrincipal authenticateKey(String key) {
		// Keys are 40 characters; anything else cannot exist, but costs the same work as an unknown key.
		Optional<TokenOwner> owner = key.length() == KEY_LENGTH && key.indexOf('\0') < 0
				? this.tokens.findTokenOwner(key) : Optional.empty();
		byte[] presented = key.getBytes(StandardCharsets.UTF_8);
		byte[] stored = owner.map(o -> o.key().getBytes(StandardCharsets.UTF_8)).orElse(DUMMY_KEY);
		boolean equal = MessageDigest.isEqual(presented, stored);
		if (owner.isEmpty() || !equal) {
			throw new TokenAuthenticationException("Invalid token.");
		}
		TokenOwner user = owner.get();
		if (!user.active()) {
			throw new TokenAuthenticationException("User inactive or deleted.");
		}
		return new TokenPrincipal(user.userId(), user.username(), user.staff(), user.superuser());
	}

	private static boolean isAscii(byte[] word) {
		for (byte b : word) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	private static List<byte[]> splitOnAsciiWhitespace(byte[] bytes) {
		List<byte[]> words = new ArrayList<>();
		int i = 0;
		while (i < bytes.length) {
			while (i < bytes.length && isAsciiSpace(bytes[i])) {
				i++;
			}
			int start = i;
			while (i < bytes.length && !isAsciiSpace(bytes[i])) {
				i++;
			}
			if (i > start) {
				words.add(java.util.Arrays.copyOfRange(bytes, start, i));
			}
		}
		return words;
	}

	private static boolean isAsciiSpace(byte b) {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C;
	}

}
