package dev.tokengate.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.apache.coyote.Processor;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 connector, with processors that start every request without the protocol of the one before.
 * <p>
 * Tomcat (11.0.22 to 11.0.27 at least) reuses a processor for many connections and learns a request's protocol only
 * once its request line has been read. When the request line cannot be read, the 400 is written with the protocol
 * flags of the processor's previous request; if that one was an HTTP/0.9 request ({@code GET /} and nothing else),
 * the 400 goes out as HTTP/0.9: no status line, no headers, only the body. Anyone could send that HTTP/0.9 request,
 * and the next client whose request line is broken would get an answer no HTTP/1.1 client can read.
 * {@code HostileInputTest} met it at random; {@code ContainerErrorsTest} sends the two requests in turn.
 * <p>
 * The flags are private to Tomcat's processor, so they are reset through a {@link VarHandle} before each request; if
 * a Tomcat upgrade renames them, the service does not start, and says which field it missed.
 */
public class RecycleSafeHttp11Protocol extends Http11NioProtocol {

	// Looked up when the connector is created, so that a missing field stops the service at start-up.
	private static final VarHandle HTTP09 = flag("http09");

	private static final VarHandle HTTP11 = flag("http11");

	@Override
	protected Processor createProcessor() {
		return new RecycleSafeProcessor(this);
	}

	/** A processor that sets Tomcat's protocol flags back to their initial values before it reads a request. */
	static final class RecycleSafeProcessor extends Http11Processor {

		RecycleSafeProcessor(AbstractHttp11Protocol<?> protocol) {
			super(protocol, protocol.getAdapter());
		}

		@Override
		public SocketState service(SocketWrapperBase<?> socketWrapper) throws IOException {
			// The values Http11Processor is constructed with; each request line that is read sets them again.
			HTTP09.set(this, false);
			HTTP11.set(this, true);
			return super.service(socketWrapper);
		}

	}

	private static VarHandle flag(String name) {
		try {
			return MethodHandles.privateLookupIn(Http11Processor.class, MethodHandles.lookup())
				.findVarHandle(Http11Processor.class, name, boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Tomcat's Http11Processor has no boolean field '" + name
					+ "' any more: see RecycleSafeHttp11Protocol", ex);
		}
	}

}
