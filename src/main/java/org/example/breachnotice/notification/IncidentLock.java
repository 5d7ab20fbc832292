package org.example.breachnotice.notification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One process at a time per incident. On the embedded database the state-folder lock already
 * guarantees it; on PostgreSQL, where several machines share the database, a session-level
 * advisory lock keyed by the incident is held for the whole run on a connection of its own. Only
 * its holder may recover the incident's executions left STARTED: another live process still
 * holding the lock is never mistaken for a dead one.
 */
@Component
public class IncidentLock {

	private final DataSource dataSource;

	private final boolean postgresql;

	public IncidentLock(DataSource dataSource, @Value("${breach-notice.database}") String database) {
		this.dataSource = dataSource;
		this.postgresql = "postgresql".equals(database);
	}

	/** A held lock; close it when the run ends. */
	public interface Held extends AutoCloseable {

		@Override
		void close();

	}

	/** @throws IncidentBusy when another process holds the incident */
	public Held acquire(String incidentId) {
		if (!postgresql) {
			return () -> {
			};
		}
		try {
			Connection connection = dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
				lock.setString(1, "breach-notice:" + incidentId);
				try (ResultSet rs = lock.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						connection.close();
						throw new IncidentBusy("Another process is running incident " + incidentId
								+ " against this database. Wait for it, or stop it; nothing was done.");
					}
				}
			}
			return () -> {
				try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
					unlock.setString(1, "breach-notice:" + incidentId);
					unlock.execute();
				}
				catch (SQLException ex) {
					// closing the session releases the lock anyway
				}
			};
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot take the advisory lock of incident " + incidentId + ": " + ex.getMessage(), ex);
		}
	}

	/** Another live process runs this incident. */
	public static class IncidentBusy extends RuntimeException {

		IncidentBusy(String message) {
			super(message);
		}

	}

}
