package dev.tokengate.token;

import java.util.Map;

import dev.tokengate.token.UserNamesCache.UserNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserNamesCacheTest {

	private static final UserNames ADA = new UserNames("ada", "Ada", "Lovelace");

	private static final UserNames ALAN = new UserNames("alan", "Alan", "Turing");

	private static final UserNames GRACE = new UserNames("grace", "Grace", "Hopper");

	@Test
	void pagesOfOneVersionShareTheNamesTheyRead() {
		UserNamesCache cache = new UserNamesCache(10);
		cache.addAll(cache.at(3), Map.of(1L, ADA));

		assertThat(cache.at(3)).containsExactly(Map.entry(1L, ADA));
	}

	@Test
	void anotherVersionStartsTheMemoryAfreshAndNeverSeesTheNamesOfTheFirst() {
		UserNamesCache cache = new UserNamesCache(10);
		cache.addAll(cache.at(3), Map.of(1L, ADA));

		assertThat(cache.at(4)).isEmpty();
		cache.addAll(cache.at(4), Map.of(2L, ALAN));
		assertThat(cache.at(3)).isEmpty();
		assertThat(cache.at(4)).isEmpty();
	}

	@Test
	void aFullMemoryIsEmptiedBeforeItKeepsMore() {
		UserNamesCache cache = new UserNamesCache(2);
		cache.addAll(cache.at(1), Map.of(1L, ADA, 2L, ALAN));
		assertThat(cache.at(1)).hasSize(2);

		cache.addAll(cache.at(1), Map.of(3L, GRACE));

		assertThat(cache.at(1)).containsExactly(Map.entry(3L, GRACE));
	}

	@Test
	void namesBeyondItsCapacityAreNotKept() {
		UserNamesCache cache = new UserNamesCache(2);
		cache.addAll(cache.at(1), Map.of(1L, ADA, 2L, ALAN, 3L, GRACE));

		assertThat(cache.at(1)).isEmpty();
	}

	@Test
	void aCapacityOfZeroTurnsItOff() {
		assertThat(new UserNamesCache(0).isOn()).isFalse();
		assertThat(UserNamesCache.off().isOn()).isFalse();
		assertThat(new UserNamesCache(1).isOn()).isTrue();
	}

}
