package dev.tokengate.token;

/** A token of an active staff user or superuser: its key, its id and its user's name. */
public record StaffToken(String key, long id, String username) {

	@Override
	public String toString() {
		// Never print the key.
		return "StaffToken[id=" + this.id + ", username=" + this.username + "]";
	}

}
