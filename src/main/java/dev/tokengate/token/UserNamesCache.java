package dev.tokengate.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The names of the users the list has shown, as of one version of the users' names (the V8 migration's
 * {@code user_names_version}, which every statement that deletes users or changes their ids or names moves on). A page
 * read at that version takes its users' names from here instead of joining them row by row in PostgreSQL; names read
 * at another version never mix with these. A page that reads a new version starts the memory afresh. About
 * {@code capacity} users are kept (pages adding names at the same moment may pass it by a page's worth): a full memory
 * is emptied and fills again with the users the list shows next.
 */
@Component
public class UserNamesCache {

	/** What the list shows of a user besides its id. */
	public record UserNames(String username, String firstName, String lastName) {
	}

	private record Generation(long version, Map<Long, UserNames> names) {
	}

	private final int capacity;

	private volatile Generation current = new Generation(Long.MIN_VALUE, new ConcurrentHashMap<>());

	public UserNamesCache(@Value("${tokengate.user-names-cache.capacity:50000}") int capacity) {
		this.capacity = Math.max(capacity, 0);
	}

	/** A cache that keeps nothing: every page joins its users in its own statement. */
	public static UserNamesCache off() {
		return new UserNamesCache(0);
	}

	/** Whether pages should read the names version and look their users up here. */
	public boolean isOn() {
		return this.capacity > 0;
	}

	/**
	 * The names known at {@code version}, to read and to add to: the memory, started afresh if it held another version
	 * (the number only moves on, but a page of an older snapshot, read while a change commits, may start it afresh once
	 * more; no map ever holds the names of two versions).
	 */
	public Map<Long, UserNames> at(long version) {
		Generation generation = this.current;
		if (generation.version() != version) {
			generation = new Generation(version, new ConcurrentHashMap<>());
			this.current = generation;
		}
		return generation.names();
	}

	/** Adds the names read at the version {@code names} was given for, emptying a full memory first. */
	public void addAll(Map<Long, UserNames> names, Map<Long, UserNames> read) {
		if (names.size() + read.size() > this.capacity) {
			names.clear();
		}
		if (read.size() <= this.capacity) {
			names.putAll(read);
		}
	}

}
