package dev.tokengate.token;

/** The direction of one ordering term. */
public enum SortDirection {

	ASC, DESC;

	public SortDirection reversed() {
		return this == ASC ? DESC : ASC;
	}

}
