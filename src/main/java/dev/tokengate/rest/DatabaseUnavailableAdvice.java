package dev.tokengate.rest;

import java.io.IOException;

import dev.tokengate.token.QueryGate;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The database cannot be reached, or cancelled a query at the statement timeout: DRF's 503 body instead of a 500.
 * (Once a streamed list has started, its status is sent already; the connection is then closed mid-body.)
 */
@RestControllerAdvice(assignableTypes = AuthTokenListController.class)
class DatabaseUnavailableAdvice {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

	@ExceptionHandler(QueryTimeoutException.class)
	void timedOut(QueryTimeoutException ex, HttpServletResponse response) throws IOException {
		log.warn("The list query was cancelled at the statement timeout");
		if (!response.isCommitted()) {
			DrfResponses.detail(response, 503, DrfResponses.TIMED_OUT);
		}
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	void unavailable(Exception ex, HttpServletResponse response) throws IOException {
		if (!QueryGate.isRefusal(ex)) {
			log.warn("The list query failed, the database is unavailable: {}", ex.getClass().getSimpleName());
		}
		if (!response.isCommitted()) {
			response.setHeader("Retry-After", "5");
			DrfResponses.detail(response, 503, DrfResponses.UNAVAILABLE);
		}
	}

}
