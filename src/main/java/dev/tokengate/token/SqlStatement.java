package dev.tokengate.token;

import java.util.List;

/** A parameterised SQL statement written by {@link AuthTokenQueryBuilder}. */
public record SqlStatement(String sql, List<Object> parameters) {

	public SqlStatement {
		parameters = List.copyOf(parameters);
	}

	public Object[] parameterArray() {
		return this.parameters.toArray();
	}

}
