package dev.tokengate.support;

import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting in tests for something that must come about. */
public final class Await {

	private Await() {
	}

	/** Waits for a condition; bounded at 30 s only so that a broken service fails instead of hanging. */
	public static void until(BooleanSupplier condition) throws InterruptedException {
		for (int attempt = 0; attempt < 600 && !condition.getAsBoolean(); attempt++) {
			Thread.sleep(50);
		}
		assertThat(condition.getAsBoolean()).as("condition reached within 30 s").isTrue();
	}

}
