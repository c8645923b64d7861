package dev.tokengate.rest;

import java.util.List;
import java.util.Map;

/** Invalid filter values, per parameter, as django-filter reports them in a 400 body. */
class DrfValidationException extends RuntimeException {

	private final Map<String, List<String>> errors;

	DrfValidationException(Map<String, List<String>> errors) {
		super("Invalid filter parameters " + errors.keySet(), null, false, false);
		this.errors = Map.copyOf(errors);
	}

	Map<String, List<String>> errors() {
		return this.errors;
	}

}
