package dev.tokengate.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.tokengate.token.TokenOwner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the token lookup cache serves an owner, and when it looks the key up again. */
class TokenOwnerCacheTest {

	private static final String KEY = "k000000000000000000000000000000000000key";

	private static final TokenOwner OWNER = new TokenOwner(KEY, 7, "seven", true, true, false);

	private final AtomicLong clock = new AtomicLong();

	private final TokenOwnerCache cache = new TokenOwnerCache(Duration.ofSeconds(10), this.clock::get);

	private final List<String> lookups = new ArrayList<>();

	private Optional<TokenOwner> found(String key) {
		this.lookups.add(key);
		return key.equals(KEY) ? Optional.of(OWNER) : Optional.empty();
	}

	private Optional<TokenOwner> find(String key) {
		return this.cache.find(key, this::found);
	}

	@Test
	void aKeyFoundWhileListeningIsServedWithoutALookup() {
		this.cache.startListening();
		assertThat(find(KEY)).contains(OWNER);
		assertThat(find(KEY)).contains(OWNER);
		assertThat(this.lookups).containsExactly(KEY);
	}

	@Test
	void anUnknownKeyIsLookedUpEveryTime() {
		this.cache.startListening();
		String unknown = "u000000000000000000000000000000000000key";
		assertThat(find(unknown)).isEmpty();
		assertThat(find(unknown)).isEmpty();
		assertThat(this.lookups).containsExactly(unknown, unknown);
	}

	@Test
	void nothingIsServedBeforeListeningStarts() {
		find(KEY);
		this.cache.startListening();
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

	@Test
	void nothingIsServedOnceListeningStops() {
		this.cache.startListening();
		find(KEY);
		this.cache.stopListening();
		find(KEY);
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY, KEY);
	}

	@Test
	void entriesStoredBeforeListeningStartsAgainAreStale() {
		this.cache.startListening();
		find(KEY);
		// The connection is lost and found again: changes may have gone unannounced in between.
		this.cache.startListening();
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

	@Test
	void aChangeMakesEveryEntryStale() {
		this.cache.startListening();
		find(KEY);
		this.cache.changed();
		find(KEY);
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

	@Test
	void aLookupThatRacedAChangeIsNeverServed() {
		this.cache.startListening();
		// The change is announced while the lookup runs: what it read may be from before the change.
		Function<String, Optional<TokenOwner>> racing = key -> {
			Optional<TokenOwner> owner = found(key);
			this.cache.changed();
			return owner;
		};
		assertThat(this.cache.find(KEY, racing)).contains(OWNER);
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

	@Test
	void anEntryIsServedForAtMostMaxAge() {
		this.cache.startListening();
		find(KEY);
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
		find(KEY);
		this.clock.addAndGet(1);
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

	@Test
	void aZeroMaxAgeTurnsTheCacheOff() {
		TokenOwnerCache off = TokenOwnerCache.off();
		off.startListening();
		off.find(KEY, this::found);
		off.find(KEY, this::found);
		assertThat(off.isEnabled()).isFalse();
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

	@Test
	void aBurstOfDistinctKeysStartsTheCacheAgainInsteadOfGrowingIt() {
		this.cache.startListening();
		find(KEY);
		for (int i = 0; i < TokenOwnerCache.MAX_ENTRIES; i++) {
			String other = String.format("%040d", i);
			this.cache.find(other, key -> Optional.of(new TokenOwner(key, 1, "one", true, false, false)));
		}
		find(KEY);
		assertThat(this.lookups).containsExactly(KEY, KEY);
	}

}
