package dev.tokengate.operations;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.TokengateApplication;
import dev.tokengate.support.Await;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the service lets the requests in flight finish. To hold a request in flight deterministically, the test
 * locks the tokens table: the request waits on the lock inside the service while the service is told to stop; once
 * the service refuses new connections (the graceful shutdown has begun), the lock is released and the request must
 * still be answered in full.
 */
class GracefulShutdownTest {

	@Test
	void aRequestInFlightWhenTheServiceStopsIsAnsweredInFull() throws Exception {
		String url = TestDatabases.freshDatabaseUrl();
		ConfigurableApplicationContext service = new SpringApplicationBuilder(TokengateApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=")
			.run();
		int port = ((WebServerApplicationContext) service).getWebServer().getPort();
		ExecutorService background = Executors.newFixedThreadPool(2);
		try (Connection lock = DriverManager.getConnection(url, "postgres", "");
				Connection watch = DriverManager.getConnection(url, "postgres", "")) {
			lock.setAutoCommit(false);
			lock.createStatement().execute("LOCK TABLE auth_tokens IN ACCESS EXCLUSIVE MODE");
			Future<RawHttp.Response> inFlight = background
				.submit(() -> new RawHttp(port).get(IntegrationTest.API, IntegrationTest.ADMIN));
			Await.until(() -> TestDatabases.queriesWaitingOnALock(watch) == 1);

			Future<?> stop = background.submit(service::close);
			Await.until(() -> refusesConnections(port));
			assertThat(stop).isNotDone();
			assertThat(inFlight).isNotDone();

			lock.rollback();
			RawHttp.Response response = inFlight.get(60, TimeUnit.SECONDS);
			assertThat(response.status()).isEqualTo(200);
			List<Integer> ids = JsonPath.read(response.text(), "$[*].id");
			assertThat(ids).hasSize(TestDatabases.TOKENS).startsWith(1, 2, 3).endsWith(TestDatabases.TOKENS);
			stop.get(60, TimeUnit.SECONDS);
			assertThat(service.isActive()).isFalse();
		}
		finally {
			background.shutdownNow();
			service.close();
		}
	}

	private static boolean refusesConnections(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
