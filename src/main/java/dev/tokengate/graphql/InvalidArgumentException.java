package dev.tokengate.graphql;

/** A GraphQL argument outside what the API accepts; answered as a BAD_REQUEST error naming the argument. */
public class InvalidArgumentException extends RuntimeException {

	public InvalidArgumentException(String argument, String problem) {
		super("Invalid argument '" + argument + "': " + problem, null, false, false);
	}

}
