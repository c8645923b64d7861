package dev.tokengate.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * A real data source whose connections record every statement they prepare (its SQL, or the name of the call for a
 * plain {@code createStatement()}), after handing it to a hook that may act first; the statements still run on
 * PostgreSQL.
 */
public final class RecordingDataSource {

	private RecordingDataSource() {
	}

	/** {@code target}, with each statement recorded in {@code statements}. */
	public static DataSource recording(DataSource target, List<String> statements) {
		return recording(target, statements, sql -> {
		});
	}

	/** {@code target}, with each statement given to {@code before} and then recorded in {@code statements}. */
	public static DataSource recording(DataSource target, List<String> statements, Consumer<String> before) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(method, target, args);
					return result instanceof Connection connection ? recording(connection, statements, before) : result;
				});
	}

	private static Connection recording(Connection target, List<String> statements, Consumer<String> before) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
						String sql = (args == null) ? method.getName() : String.valueOf(args[0]);
						before.accept(sql);
						statements.add(sql);
					}
					return invoke(method, target, args);
				});
	}

	private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
