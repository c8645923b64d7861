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

	/**
	 * Looked up in place of a key that cannot exist, and compared against when the key is unknown, so every key costs
	 * the same lookup and comparison. (Should a token have this key, a malformed key still never matches it.)
	 */
	private static final String DUMMY_LOOKUP = "0000000000000000000000000000000000000000";

	private static final byte[] DUMMY_KEY = DUMMY_LOOKUP.getBytes(StandardCharsets.US_ASCII);

	private static final int KEY_LENGTH = 40;

	private final AuthTokenService tokens;

	private final TokenOwnerCache owners;

	public TokenAuthenticator(AuthTokenService tokens, TokenOwnerCache owners) {
		this.tokens = tokens;
		this.owners = owners;
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

	/**
	 * Every presented key the cache does not hold costs the same work, whatever becomes of it: one lookup and one
	 * constant-time comparison of 40 bytes. A key that cannot exist (not 40 characters, or with a NUL, which
	 * PostgreSQL cannot compare) looks up the dummy key instead; an unknown key is compared with the dummy key; an
	 * inactive user's key is compared like an active one's, and refused only after. A key the cache holds (one that
	 * was found recently) skips the lookup, so its speed tells only what its own 200 or 401 tells.
	 */
	private TokenPrincipal authenticateKey(String key) {
		boolean wellFormed = key.length() == KEY_LENGTH && key.indexOf('\0') < 0;
		Optional<TokenOwner> owner = this.owners.find(wellFormed ? key : DUMMY_LOOKUP, this.tokens::findTokenOwner);
		byte[] presented = key.getBytes(StandardCharsets.UTF_8);
		byte[] stored = owner.map(o -> o.key().getBytes(StandardCharsets.UTF_8)).orElse(DUMMY_KEY);
		boolean equal = sameKey(presented, stored);
		if (!wellFormed || owner.isEmpty() || !equal) {
			throw new TokenAuthenticationException("Invalid token.");
		}
		TokenOwner user = owner.get();
		if (!user.active()) {
			throw new TokenAuthenticationException("User inactive or deleted.");
		}
		return new TokenPrincipal(user.userId(), user.username(), user.staff(), user.superuser());
	}

	/** The comparison every presented key goes through: constant time in the stored key's length. */
	boolean sameKey(byte[] presented, byte[] stored) {
		return MessageDigest.isEqual(presented, stored);
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
