package dev.tokengate.token;

/** The user a token key belongs to, as the token authentication needs it. */
public record TokenOwner(String key, long userId, String username, boolean active, boolean staff, boolean superuser) {

	@Override
	public String toString() {
		// Never print the key.
		return "TokenOwner[userId=" + this.userId + ", username=" + this.username + "]";
	}

}
