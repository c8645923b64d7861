package dev.tokengate.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.tokengate.token.TokenOwner;

/**
 * The owners of recently presented keys, so that a client calling again is not looked up again: one SQL statement fewer
 * per request (see the README's benchmark). Only keys that were found are kept; an unknown key is looked up every
 * time, as before.
 * <p>
 * <b>Kept true by PostgreSQL.</b> The V6 migration's triggers notify on every statement that could change what a
 * lookup returns (a token deleted, re-keyed or moved; a user deleted, renamed, deactivated, promoted or demoted), and
 * {@link TokenOwnerChanges} makes every entry stale on each notification. An entry is served only while the service
 * is {@link #startListening() listening}, only if no notification came after its lookup began (an entry whose lookup
 * raced a change is never served, even if it is stored after the change was announced), and for at most
 * {@code max-age} after its lookup, which bounds the harm of a notification that never arrives. A revoked key is
 * refused as soon as the notification of its revocation reaches the service (milliseconds after the commit).
 * <p>
 * The entries are found by a SHA-256 digest of the key, never by the key itself, so finding one compares no key
 * material; the presented key is then compared with the stored one in constant time as before
 * ({@link TokenAuthenticator}).
 */
public final class TokenOwnerCache {

	/** More keys than this and the cache starts again empty (a burst of distinct keys cannot grow the heap). */
	static final int MAX_ENTRIES = 10_000;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	/** Moves on with every change announced and whenever listening starts or stops. */
	private final AtomicLong generation = new AtomicLong();

	private volatile boolean listening;

	private final long maxAgeNanos;

	private final LongSupplier nanoTime;

	private record Entry(TokenOwner owner, long generation, long lookedUpAt) {
	}

	/**
	 * @param maxAge how long an entry may be served after its lookup; zero: the cache is off
	 */
	public TokenOwnerCache(Duration maxAge) {
		this(maxAge, System::nanoTime);
	}

	TokenOwnerCache(Duration maxAge, LongSupplier nanoTime) {
		this.maxAgeNanos = Math.max(0, maxAge.toNanos());
		this.nanoTime = nanoTime;
	}

	/** A cache that keeps nothing: every key is looked up. */
	public static TokenOwnerCache off() {
		return new TokenOwnerCache(Duration.ZERO);
	}

	/** Whether this cache keeps anything at all (a non-zero max-age). */
	public boolean isEnabled() {
		return this.maxAgeNanos > 0;
	}

	/**
	 * The owner of a key: the one stored, if it may still be served, else the lookup's (and stored if found).
	 */
	public Optional<TokenOwner> find(String key, Function<String, Optional<TokenOwner>> lookup) {
		if (!isEnabled()) {
			return lookup.apply(key);
		}
		String digest = digest(key);
		// Read before the lookup: a change announced after this makes what the lookup returns stale.
		long generation = this.generation.get();
		boolean listening = this.listening;
		long now = this.nanoTime.getAsLong();
		Entry entry = this.entries.get(digest);
		if (listening && entry != null && entry.generation() == generation
				&& now - entry.lookedUpAt() < this.maxAgeNanos) {
			return Optional.of(entry.owner());
		}
		Optional<TokenOwner> owner = lookup.apply(key);
		if (listening && owner.isPresent()) {
			if (this.entries.size() >= MAX_ENTRIES) {
				this.entries.clear();
			}
			this.entries.put(digest, new Entry(owner.get(), generation, now));
		}
		return owner;
	}

	/** A change was announced: nothing stored so far is served again. */
	public void changed() {
		this.generation.incrementAndGet();
		this.entries.clear();
	}

	/**
	 * Changes are announced from now on. Whatever was stored before is stale (changes may have gone unannounced).
	 */
	public void startListening() {
		changed();
		this.listening = true;
	}

	/** Changes are no longer announced: nothing is served or stored until listening starts again. */
	public void stopListening() {
		this.listening = false;
		changed();
	}

	/** Whether changes are being announced, so that entries may be served. */
	public boolean isListening() {
		return this.listening;
	}

	private static String digest(String key) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
