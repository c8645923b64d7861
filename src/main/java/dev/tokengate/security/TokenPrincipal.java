package dev.tokengate.security;

/** The authenticated user behind a token. The key itself is not kept. */
public record TokenPrincipal(long userId, String username, boolean staff, boolean superuser) {

	/** The legacy IsStaffOrSuperuser permission. */
	public boolean isStaffOrSuperuser() {
		return this.staff || this.superuser;
	}

}
